package procedure

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/template"
	"text/template/parse"
)

// Notice templates (Bescheidvorlagen) are written by tenant administrators,
// so they run in a restricted subset of text/template whose cost is bounded
// by the length of the source: no loops (range, break, continue), no
// sub-templates (define, block, template: no recursion), and only the
// formatting functions of casework plus comparisons and index/len — not
// print/printf/println (a format width such as "%0999999999d" allocates
// without bound) nor call, html, js, urlquery or slice. Sources and output
// are capped in size. A template outside the subset is refused when the
// overlay is saved and again when it is filled.
const (
	// MaxNoticeTemplate is the largest source of one notice template part.
	MaxNoticeTemplate = 32 << 10
	// MaxNoticeOutput is the largest text one part may produce.
	MaxNoticeOutput = 256 << 10
)

// noticeBuiltins are the text/template built-ins notice templates may use.
var noticeBuiltins = map[string]bool{"and": true, "or": true, "not": true, "eq": true, "ne": true,
	"lt": true, "le": true, "gt": true, "ge": true, "index": true, "len": true}

// ParseNoticeTemplate parses src as the notice template part name with
// funcs (casework's formatting functions), refusing anything outside the
// restricted subset with a message that names the construct.
func ParseNoticeTemplate(name, src string, funcs template.FuncMap) (*template.Template, error) {
	if len(src) > MaxNoticeTemplate {
		return nil, fmt.Errorf("%s is %d bytes long; at most %d are allowed", name, len(src), MaxNoticeTemplate)
	}
	tpl, err := template.New(name).Funcs(funcs).Parse(src)
	if err != nil {
		return nil, err
	}
	if n := len(tpl.Templates()); n > 1 {
		return nil, fmt.Errorf("%s defines sub-templates (define/block), which notice templates may not use", name)
	}
	if tpl.Tree == nil || tpl.Root == nil {
		return tpl, nil
	}
	if err := checkNoticeNode(tpl.Root, funcs); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return tpl, nil
}

// ExecuteNoticeTemplate fills tpl with data, stopping with an error once
// the output passes MaxNoticeOutput.
func ExecuteNoticeTemplate(tpl *template.Template, data any) (string, error) {
	var b strings.Builder
	err := tpl.Execute(&cappedWriter{w: &b, left: MaxNoticeOutput}, data)
	return b.String(), err
}

// errNoticeTooLong is returned once a notice template's output is too long.
var errNoticeTooLong = fmt.Errorf("the filled notice text is longer than %d bytes", MaxNoticeOutput)

type cappedWriter struct {
	w    io.Writer
	left int
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if len(p) > c.left {
		return 0, errNoticeTooLong
	}
	c.left -= len(p)
	return c.w.Write(p)
}

// IsNoticeTooLong reports whether err stopped a notice template for its size.
func IsNoticeTooLong(err error) bool { return errors.Is(err, errNoticeTooLong) }

func checkNoticeNode(n parse.Node, funcs template.FuncMap) error {
	switch x := n.(type) {
	case *parse.ListNode:
		if x == nil {
			return nil
		}
		for _, c := range x.Nodes {
			if err := checkNoticeNode(c, funcs); err != nil {
				return err
			}
		}
	case *parse.TextNode, *parse.CommentNode:
	case *parse.ActionNode:
		return checkNoticePipe(x.Pipe, funcs)
	case *parse.IfNode:
		return checkNoticeBranch(&x.BranchNode, funcs)
	case *parse.WithNode:
		return checkNoticeBranch(&x.BranchNode, funcs)
	case *parse.RangeNode:
		return fmt.Errorf("line %d: loops (range) are not allowed in notice templates", x.Line)
	case *parse.TemplateNode:
		return fmt.Errorf("line %d: calling templates is not allowed in notice templates", x.Line)
	case *parse.BreakNode, *parse.ContinueNode:
		return fmt.Errorf("break and continue are not allowed in notice templates")
	default:
		return fmt.Errorf("%q is not allowed in notice templates", n.String())
	}
	return nil
}

func checkNoticeBranch(b *parse.BranchNode, funcs template.FuncMap) error {
	if err := checkNoticePipe(b.Pipe, funcs); err != nil {
		return err
	}
	if err := checkNoticeNode(b.List, funcs); err != nil {
		return err
	}
	if b.ElseList != nil {
		return checkNoticeNode(b.ElseList, funcs)
	}
	return nil
}

func checkNoticePipe(p *parse.PipeNode, funcs template.FuncMap) error {
	if p == nil {
		return nil
	}
	for _, cmd := range p.Cmds {
		for _, arg := range cmd.Args {
			if err := checkNoticeArg(arg, funcs); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkNoticeArg(arg parse.Node, funcs template.FuncMap) error {
	switch a := arg.(type) {
	case *parse.IdentifierNode:
		if _, ok := funcs[a.Ident]; !ok && !noticeBuiltins[a.Ident] {
			return fmt.Errorf("the function %q is not allowed in notice templates", a.Ident)
		}
	case *parse.PipeNode:
		return checkNoticePipe(a, funcs)
	case *parse.ChainNode:
		return checkNoticeArg(a.Node, funcs)
	}
	return nil
}
