package catalog

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// BenchmarkReadXZuFi reads a message of 1,000 leistungen, each the one of
// xzufi-alle-module.xml (every text module, structured modules, HTML,
// three languages): the cost of an import before the database.
func BenchmarkReadXZuFi(b *testing.B) {
	one, err := os.ReadFile("testdata/xzufi-alle-module.xml")
	if err != nil {
		b.Fatal(err)
	}
	start, end := bytes.Index(one, []byte("<xzufi:leistung>")), bytes.LastIndex(one, []byte("</xzufi:leistung>"))
	leistung := one[start : end+len("</xzufi:leistung>")]
	var msg bytes.Buffer
	msg.WriteString(`<xzufi:transfer xmlns:xzufi="http://xoev.de/schemata/xzufi/2_2_0">`)
	for i := range 1000 {
		msg.Write(bytes.Replace(bytes.Replace(leistung, []byte("L-alle"), fmt.Appendf(nil, "L-%d", i), 1),
			[]byte("99041006017000"), fmt.Appendf(nil, "990410%08d", i), 1))
	}
	msg.WriteString(`</xzufi:transfer>`)
	b.SetBytes(int64(msg.Len()))
	b.ReportAllocs()
	for b.Loop() {
		f, _, err := ReadXZuFi(bytes.NewReader(msg.Bytes()), "bench.xml")
		if err != nil || len(f.Services) != 1000 {
			b.Fatalf("%d services, %v", len(f.Services), err)
		}
	}
}
