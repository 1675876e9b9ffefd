package catalog

import (
	"encoding/csv"
	"errors"
	"io"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// eachRecord reads the data records of cr after its header and calls row
// with each record and its line. A malformed record (wrong quoting) is
// passed to reject as a Reject naming file and line, in reading order, and
// reading goes on; any other read error stops with an error naming the
// line.
func eachRecord(cr *csv.Reader, file string, row func(line int, rec []string), reject func(Reject)) error {
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := cr.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			reject(Reject{File: file, Line: pe.Line, Reason: pe.Err.Error()})
			continue
		} else if err != nil {
			return fault.Wrap(err, fault.Invalid, "%s:%d: cannot read", file, line)
		}
		row(line, rec)
	}
}
