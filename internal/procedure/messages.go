package procedure

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

//go:embed messages.json
var messagesJSON []byte

// messages maps a message key to its default texts by language.
var messages = func() map[string]map[string]string {
	var m map[string]map[string]string
	if err := json.Unmarshal(messagesJSON, &m); err != nil {
		panic("procedure: messages.json: " + err.Error())
	}
	return m
}()

// Messages returns the default German and English texts of the validation
// message keys (key → language → text with {arg} placeholders), for the web
// layer's message catalog. A procedure.rule error carries its author's texts
// in the args message_de and message_en.
func Messages() map[string]map[string]string {
	out := make(map[string]map[string]string, len(messages))
	for k, v := range messages {
		out[k] = map[string]string{"de": v["de"], "en": v["en"]}
	}
	return out
}

// fieldError builds a FieldError whose Text is the German default.
func fieldError(path, key string, args map[string]any) fault.FieldError {
	return fault.FieldError{Field: path, Key: key, Args: args, Text: render(messages[key]["de"], args)}
}

// render fills {name} placeholders from args.
func render(text string, args map[string]any) string {
	for k, v := range args {
		text = strings.ReplaceAll(text, "{"+k+"}", fmt.Sprint(v))
	}
	return text
}
