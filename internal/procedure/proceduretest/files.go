package proceduretest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// File is an uploaded file: its canonical value is its name, media type
// and size; Data is what the browser sends.
type File struct {
	Name      string
	MediaType string
	Data      []byte
}

// files draws one file or, at maximal size, as many as the field takes,
// each with a Unicode name.
func (s *gen) files(f procedure.Field, path string) []File {
	n := 1
	if limit := max(f.MaxFiles, 1); s.size == Maximal && !s.tame {
		n = limit
	} else if s.size == Mixed {
		n = 1 + s.r.IntN(limit)
	}
	out := make([]File, 0, n)
	for i := range n {
		media := s.mediaType(f)
		data := sample(media, i)
		base := strings.NewReplacer("\u200d", "", "\\", "", "/", "", "\"", "", "<", "", ">", "").Replace(s.textN(3 + s.r.IntN(20)))
		// The portal stores a file name with its whitespace runs as one
		// space (apply.CleanFilename), so the canonical name has them so
		// too: a text ending in a space made "…  1.jpg", which every
		// output rightly gave back as "… 1.jpg".
		name := strings.Join(strings.Fields(fmt.Sprintf("%s %d%s", base, i+1, extension(media))), " ")
		out = append(out, File{Name: name, MediaType: media, Data: data})
	}
	return out
}

// mediaType picks a type the field allows that the generator can make.
func (s *gen) mediaType(f procedure.Field) string {
	var known []string
	for _, t := range f.MediaTypes {
		switch strings.ToLower(t) {
		case "application/pdf", "image/png", "image/jpeg":
			known = append(known, strings.ToLower(t))
		case "image/*":
			known = append(known, "image/png", "image/jpeg")
		}
	}
	if len(f.MediaTypes) == 0 {
		known = []string{"application/pdf", "image/png"}
	}
	if len(known) == 0 {
		return strings.ToLower(f.MediaTypes[0])
	}
	return pick(s.r, known)
}

func extension(media string) string {
	switch media {
	case "application/pdf":
		return ".pdf"
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	}
	return ".bin"
}

// sample returns a small real file of the media type (i varies it).
func sample(media string, i int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 2+i, 2))
	img.Set(0, 0, color.RGBA{R: uint8(40 * i), A: 255})
	var b bytes.Buffer
	switch media {
	case "image/png":
		png.Encode(&b, img)
	case "image/jpeg":
		jpeg.Encode(&b, img, nil)
	default:
		fmt.Fprintf(&b, "%%PDF-1.4\n%%âãÏÓ\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"+
			"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%% sample %d\n%%%%EOF\n", i)
	}
	return b.Bytes()
}
