package subscriber

import (
	"slices"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// filing is what answersOf makes of a submission for apply.FileExternal.
type filing struct {
	answers  map[string]any
	files    []apply.ExternalFile
	form     []fitconnect.AttachmentInfo // the sender's renderings of the form (purpose "form") no field takes
	problems []Problem
}

// answersOf maps data to answers by field id with fitconnect.ReadData
// (the keys fitconnect.DataOf writes; every member no field takes is a
// schema violation naming it and its path). A file field's value is an
// attachment id or a list of them; attachments no field names go to the
// first top-level file field that takes their media type. The sender's
// rendering of the form (purpose "form") goes into no field: the first is
// filed with the application (apply.External.Form), which the case file
// keeps as a receipt document.
func answersOf(def procedure.Definition, o opened) filing {
	atts := o.Metadata.ContentStructure.Attachments
	r := fitconnect.ReadData(def, o.Data, atts)
	f := filing{answers: r.Answers}
	for _, is := range r.Issues {
		f.problems = append(f.problems, problem(SchemaViolation, "data", "%s", is.Detail))
	}
	used := map[string]bool{}
	for _, ff := range r.Files {
		used[ff.Attachment.AttachmentID] = true
		f.files = append(f.files, externalFile(ff.FieldPath, ff.Attachment, o.Files))
	}
	var fields []procedure.Field
	for _, pg := range def.Pages {
		fields = append(fields, pg.Fields...)
	}
	for _, a := range atts {
		switch {
		case used[a.AttachmentID]:
		case a.Purpose == "form":
			f.form = append(f.form, a)
		default:
			f.place(def, fields, a, o.Files)
		}
	}
	return f
}

// place files attachment a, which no field named, in the first top-level
// file field that takes its media type and has room; one that fits
// nowhere is a problem.
func (f *filing) place(def procedure.Definition, fields []procedure.Field, a fitconnect.AttachmentInfo, files map[string][]byte) {
	for _, fd := range fields {
		if fd.Type != procedure.FileUpload || !takes(fd, a.MimeType) || f.count(fd.ID) >= max(fd.MaxFiles, 1) {
			continue
		}
		f.files = append(f.files, externalFile(fd.ID, a, files))
		return
	}
	f.problems = append(f.problems, problem(SchemaViolation, "attachment:"+a.AttachmentID,
		"no file field of procedure %s takes attachment %q (%s)", def.ID, a.Filename, a.MimeType))
}

func externalFile(path string, a fitconnect.AttachmentInfo, files map[string][]byte) apply.ExternalFile {
	name := a.Filename
	if name == "" {
		name = a.AttachmentID
	}
	return apply.ExternalFile{FieldPath: path, Name: name, MediaType: a.MimeType, Content: files[a.AttachmentID]}
}

func (f *filing) count(path string) int {
	n := 0
	for _, x := range f.files {
		if x.FieldPath == path {
			n++
		}
	}
	return n
}

func takes(f procedure.Field, mime string) bool {
	return len(f.MediaTypes) == 0 || slices.Contains(f.MediaTypes, mime)
}
