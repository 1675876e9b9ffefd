package cli

import (
	"flag"
	"strings"
)

// interspersed splits a command line into its flags and its positional
// arguments (FILE, REFERENCE), wherever they stand: Go's flag package stops
// at the first non-flag, so "import-fim --data DIR FILE" and "import-fim
// FILE --data DIR" would otherwise differ. A flag that is not boolean takes
// the next argument as its value unless it is written --name=value;
// everything after "--" is positional. Unknown flags stay with the flags,
// so flag.Parse reports them.
func interspersed(fs *flag.FlagSet, args []string) (flags, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(positional, args[i+1:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		if takesValue(fs, a) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, positional
}

// takesValue reports whether the flag argument a ("-x", "--name") is a
// known, non-boolean flag written without "=value".
func takesValue(fs *flag.FlagSet, a string) bool {
	name := strings.TrimLeft(a, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}
