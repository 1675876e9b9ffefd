package akte

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// xdomeaNS is the namespace of xdomea 3.0.0 messages.
const xdomeaNS = "urn:xoev-de:xdomea:schema:3.0.0"

// inMessage is a message from the archive: 0502, 0504, 0506 or 0507.
// Element names are matched in any namespace; the root's is checked.
type inMessage struct {
	XMLName xml.Name
	Kopf    struct {
		ProzessID      string `xml:"ProzessID"`
		Nachrichtentyp struct {
			Code string `xml:"code"`
		} `xml:"Nachrichtentyp"`
		Empfangsbestaetigung string `xml:"Empfangsbestaetigung"`
	} `xml:"Kopf"`
	Appraised []struct {
		ID  string `xml:"ID"`
		Art struct {
			Code         string `xml:"Aussonderungsart>code"`
			Configurable string `xml:"AussonderungsartKonfigurierbar"`
		} `xml:"Aussonderungsart"`
	} `xml:"BewertetesObjekt"`
	Imported []struct {
		ID         string `xml:"IDSGO"`
		OK         string `xml:"Erfolgreich"`
		Error      string `xml:"Fehlermeldung"`
		ArchiveRef string `xml:"Archivkennung"`
	} `xml:"AusgesondertesSGO"`
}

// readMessage reads an archive message from b — the XML, or the zip the
// archive sends it in — and checks its root element, namespace and
// message type against each other and against want (the codes the caller
// takes). name names the input in errors.
func readMessage(name string, b []byte, want ...string) (inMessage, string, error) {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		var err error
		if b, name, err = xmlFromZip(name, b); err != nil {
			return inMessage{}, "", err
		}
	}
	var m inMessage
	if err := xml.Unmarshal(b, &m); err != nil {
		return m, "", fault.Wrap(err, fault.Invalid, "%s is not an XML message: %v", name, err)
	}
	root := m.XMLName.Local
	if m.XMLName.Space != xdomeaNS {
		return m, "", fault.New(fault.Invalid, "%s: root element %s is in namespace %q, want %s", name, root, m.XMLName.Space, xdomeaNS)
	}
	code := root[strings.LastIndex(root, ".")+1:]
	if messageNames[code] != root {
		return m, "", fault.New(fault.Invalid, "%s: root element %s is no xdomea Aussonderung message", name, root)
	}
	if got := m.Kopf.Nachrichtentyp.Code; got != code {
		return m, "", fault.New(fault.Invalid, "%s: /%s/Kopf/Nachrichtentyp/code is %q, the root element says %s", name, root, got, code)
	}
	if strings.TrimSpace(m.Kopf.ProzessID) == "" {
		return m, "", fault.New(fault.Invalid, "%s: /%s/Kopf/ProzessID is missing", name, root)
	}
	for _, w := range want {
		if w == code {
			return m, code, nil
		}
	}
	return m, "", fault.New(fault.Invalid, "%s is a %s; this step takes %s", name, root, wantNames(want))
}

func wantNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = messageNames[c]
	}
	return strings.Join(names, " or ")
}

// xmlFromZip returns the one XML message of an archive's zip.
func xmlFromZip(name string, b []byte) ([]byte, string, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, "", fault.Wrap(err, fault.Invalid, "%s is not a readable zip: %v", name, err)
	}
	var found []*zip.File
	for _, f := range z.File {
		if strings.HasSuffix(strings.ToLower(f.Name), ".xml") {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		return nil, "", fault.New(fault.Invalid, "%s holds %d XML files, want the one message", name, len(found))
	}
	r, err := found[0].Open()
	if err != nil {
		return nil, "", fault.Wrap(err, fault.Invalid, "%s: %s: %v", name, found[0].Name, err)
	}
	defer r.Close()
	x, err := io.ReadAll(io.LimitReader(r, 64<<20))
	return x, fmt.Sprintf("%s:%s", name, found[0].Name), err
}
