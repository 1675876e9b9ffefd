package apply

import (
	"encoding/json"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// showIf is the data-show-if attribute of a conditional question: the
// browser-evaluable part of its visible_if (procedure.ClientVisibility)
// with the controlling inputs' form names. static/conditions.js hides the
// question while a term fails; the server decides again on every save.
type showIf struct {
	Terms   []showTerm `json:"terms"`
	Partial bool       `json:"partial,omitempty"`
}

// showTerm: the inputs named Name hold one of Values (or, with Negate,
// none of them).
type showTerm struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
	Negate bool     `json:"negate,omitempty"`
}

// entryScope is the repeatable group entry the builder is in: its fields
// (the scope of item.x) and its path ("angehoerige[1]").
type entryScope struct {
	fields []procedure.Field
	path   string
}

// condition decides how a field with a visible_if is drawn: a
// browser-evaluable one gets its data-show-if (showIf) and a hint naming
// when it applies (shown with or without JavaScript); others are decided
// by the server, from the saved answers: show is false when they hide it.
func (b *formBuilder) condition(f procedure.Field, path string) (show bool, showIfJSON, hint string) {
	if f.VisibleIf == "" {
		return true, "", ""
	}
	var group []procedure.Field
	if b.entry != nil {
		group = b.entry.fields
	}
	c, ok := procedure.ClientVisibility(f.VisibleIf, b.page, group)
	if !ok {
		return !b.hidden[path], "", ""
	}
	cond := showIf{Partial: c.Partial}
	var hints []string
	for _, t := range c.Terms {
		name, scope := t.Field, b.page
		if t.Item {
			name, scope = b.entry.path+"."+t.Field, b.entry.fields
		}
		cond.Terms = append(cond.Terms, showTerm{Name: name, Values: t.Values, Negate: t.Negate})
		hints = append(hints, b.termHint(t, scope))
	}
	js, _ := json.Marshal(cond) // strings and bools only: cannot fail
	return true, string(js), b.msgs("apply.cond.hint", "conditions", strings.Join(hints, b.msgs("apply.cond.and")))
}

// termHint names one term: „Beziehung zu Ihnen“ „Kind“.
func (b *formBuilder) termHint(t procedure.ConditionTerm, scope []procedure.Field) string {
	var ctl procedure.Field
	for _, f := range scope {
		if f.ID == t.Field {
			ctl = f
		}
	}
	labels := make([]string, 0, len(t.Values))
	for _, v := range t.Values {
		labels = append(labels, b.msgs("apply.cond.value", "value", b.optionLabel(ctl, v)))
	}
	key := "apply.cond.is"
	if t.Negate {
		key = "apply.cond.not"
	}
	return b.msgs(key, "field", ctl.Label.In(b.lang), "values", strings.Join(labels, b.msgs("apply.cond.or")))
}

// optionLabel is the label of a choice field's option value ("Ja" for a
// yes/no question's "true").
func (b *formBuilder) optionLabel(f procedure.Field, v string) string {
	if f.Type == procedure.YesNo || f.Type == procedure.Declaration {
		if v == "true" {
			return b.msgs("apply.field.yes")
		}
		return b.msgs("apply.field.no")
	}
	opts := f.Options
	if f.CodeList != "" {
		opts = b.def.CodeLists[f.CodeList].Options
	}
	for _, o := range opts {
		if o.Value == v {
			return o.Label.In(b.lang)
		}
	}
	return v
}
