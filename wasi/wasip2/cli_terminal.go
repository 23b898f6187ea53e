package wasip2

import (
	"context"
	"os"

	"github.com/weftwasm/weft/value"
)

// terminal is the object behind terminal-input and terminal-output
// handles; the resources have no methods.
type terminal struct{}

// isTerminal reports whether a stdio stream is this process's terminal.
func isTerminal(x any) bool {
	f, ok := x.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func terminalFuncs(l *funcList) {
	t := sharedTypes
	term := func(iface, name string, rt *value.ResourceType, stream func(*Host) any) {
		l.add(iface, name, fn(optionT(ownT(rt))), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
			if !isTerminal(stream(h)) {
				return value.None(), nil
			}
			return value.Some(h.own(rt, terminal{})), nil
		})
	}
	term(ifaceTerminalStdin, "get-terminal-stdin", t.terminalInput, func(h *Host) any { return h.cfg.stdin })
	term(ifaceTerminalStdout, "get-terminal-stdout", t.terminalOutput, func(h *Host) any { return h.cfg.stdout })
	term(ifaceTerminalStderr, "get-terminal-stderr", t.terminalOutput, func(h *Host) any { return h.cfg.stderr })
}
