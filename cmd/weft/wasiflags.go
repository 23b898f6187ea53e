package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/weftwasm/weft/wasi/wasip2"
)

// wasiFlags holds the capability flags a command that runs a guest offers.
// Nothing is granted unless a flag says so.
type wasiFlags struct {
	dirs, dirsRO       listFlag
	envs               listFlag
	inheritEnv         bool
	tcp, udp, dns      bool
	allowNet, allowTCP listFlag
	allowUDP           listFlag
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// addWASIFlags registers the WASI capability flags on fs.
func addWASIFlags(fs *flag.FlagSet) *wasiFlags {
	w := &wasiFlags{}
	fs.Var(&w.dirs, "dir", "grant host directory `HOST[::GUEST]` read-write (repeatable)")
	fs.Var(&w.dirsRO, "dir-ro", "grant host directory `HOST[::GUEST]` read-only (repeatable)")
	fs.Var(&w.envs, "env", "set `NAME=VALUE`, or pass NAME from this process (repeatable)")
	fs.BoolVar(&w.inheritEnv, "inherit-env", false, "pass this process's whole environment")
	fs.BoolVar(&w.tcp, "tcp", false, "allow TCP sockets (to any address unless --allow-net/--allow-tcp limit them)")
	fs.BoolVar(&w.udp, "udp", false, "allow UDP sockets (to any address unless --allow-net/--allow-udp limit them)")
	fs.Var(&w.allowNet, "allow-net", "allow TCP and UDP to `CIDR[:PORT,...]`, e.g. 127.0.0.1:8080 or [::1]/128:80 (repeatable)")
	fs.Var(&w.allowTCP, "allow-tcp", "allow TCP to `CIDR[:PORT,...]` (repeatable)")
	fs.Var(&w.allowUDP, "allow-udp", "allow UDP to `CIDR[:PORT,...]` (repeatable)")
	fs.BoolVar(&w.dns, "dns", false, "allow name lookups (wasi:sockets/ip-name-lookup)")
	return w
}

// config applies the parsed flags to base.
func (w *wasiFlags) config(base wasip2.Config) (wasip2.Config, error) {
	c := base
	for _, d := range w.dirs {
		host, guest := splitDir(d)
		c = c.WithPreopen(host, guest, false)
	}
	for _, d := range w.dirsRO {
		host, guest := splitDir(d)
		c = c.WithPreopen(host, guest, true)
	}
	if w.inheritEnv {
		c = c.WithInheritEnv()
	}
	for _, e := range w.envs {
		name, val, ok := strings.Cut(e, "=")
		if !ok {
			v, set := os.LookupEnv(name)
			if !set {
				continue
			}
			val = v
		}
		c = c.WithEnv(name, val)
	}
	rules := 0
	add := func(list []string, tcp, udp bool) error {
		for _, r := range list {
			cidr, ports, err := parseNetRule(r)
			if err != nil {
				return err
			}
			switch {
			case tcp && udp:
				c = c.WithAllowNet(cidr, ports...)
			case tcp:
				c = c.WithAllowTCP(cidr, ports...)
			default:
				c = c.WithAllowUDP(cidr, ports...)
			}
			rules++
		}
		return nil
	}
	if err := add(w.allowNet, true, true); err != nil {
		return c, err
	}
	if err := add(w.allowTCP, true, false); err != nil {
		return c, err
	}
	if err := add(w.allowUDP, false, true); err != nil {
		return c, err
	}
	tcp := w.tcp || len(w.allowNet) > 0 || len(w.allowTCP) > 0
	udp := w.udp || len(w.allowNet) > 0 || len(w.allowUDP) > 0
	if rules == 0 {
		// --tcp or --udp alone: any address.
		if w.tcp {
			c = c.WithAllowTCP("0.0.0.0/0").WithAllowTCP("::/0")
		}
		if w.udp {
			c = c.WithAllowUDP("0.0.0.0/0").WithAllowUDP("::/0")
		}
	}
	return c.WithTCP(tcp).WithUDP(udp).WithDNS(w.dns), nil
}

// splitDir splits HOST::GUEST; the guest path defaults to the host path.
func splitDir(s string) (host, guest string) {
	if h, g, ok := strings.Cut(s, "::"); ok {
		return h, g
	}
	return s, s
}

// parseNetRule splits "CIDR[:PORT,...]". An IPv6 address with ports is
// written in brackets: "[::1]:80" or "[fe80::]/10:80,443".
func parseNetRule(s string) (string, []uint16, error) {
	if _, err := netip.ParsePrefix(s); err == nil {
		return s, nil, nil
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return s, nil, nil
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", nil, fmt.Errorf("network rule %q: not an address or CIDR prefix", s)
	}
	cidr := strings.NewReplacer("[", "", "]", "").Replace(s[:i])
	if _, perr := netip.ParsePrefix(cidr); perr != nil {
		if _, aerr := netip.ParseAddr(cidr); aerr != nil {
			return "", nil, fmt.Errorf("network rule %q: %q is not an address or CIDR prefix", s, cidr)
		}
	}
	var ports []uint16
	for _, p := range strings.Split(s[i+1:], ",") {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return "", nil, fmt.Errorf("network rule %q: bad port %q", s, p)
		}
		ports = append(ports, uint16(n))
	}
	return cidr, ports, nil
}
