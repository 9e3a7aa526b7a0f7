// Package cmdline validates values taken from evidence and quotes them for
// the shell a fix step's command line is written for. It is the only way a
// value that kmsdoctor did not write itself (a host name from a DNS answer, a
// computer name pasted in a ticket, a resource name from exported JSON) may
// enter a command line: a value either passes a validator and is quoted so
// that the shell reads it as exactly one argument equal to it, or it is
// refused and the caller leaves a placeholder (a hole) instead.
//
// The package uses only the standard library.
package cmdline

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

// MaxLen bounds every value: nothing kmsdoctor puts in a command is longer.
const MaxLen = 255

// Host returns s as a host to connect to: an RFC 1123 name (its trailing dot
// removed), an IPv4 address or an IPv6 address (brackets removed). A name
// never starts with '-', so it cannot be read as an option.
func Host(s string) (string, bool) {
	if len(s) > MaxLen || s == "" {
		return "", false
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		a, err := netip.ParseAddr(s[1 : len(s)-1])
		if err != nil || !a.Is6() {
			return "", false
		}
		return a.String(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		if a.Zone() != "" {
			return "", false
		}
		return s, true
	}
	if name, ok := dnsName(s); ok {
		return name, true
	}
	return "", false
}

// Domain returns s as a DNS domain (an RFC 1123 name, trailing dot
// removed); an address is not a domain.
func Domain(s string) (string, bool) {
	if _, err := netip.ParseAddr(s); err == nil {
		return "", false
	}
	return dnsName(s)
}

// dnsName checks an RFC 1123 host name: labels of 1-63 letters, digits and
// hyphens, not starting or ending with a hyphen, 253 characters at most.
// The last label is not all digits (that would be a mistyped address).
func dnsName(s string) (string, bool) {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return "", false
	}
	labels := strings.Split(s, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(isAlnum(c) || c == '-') {
				return "", false
			}
		}
	}
	if last := labels[len(labels)-1]; allDigits(last) {
		return "", false
	}
	return s, true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Port returns n when it is a TCP port (1-65535).
func Port(n int) (int, bool) { return n, n >= 1 && n <= 65535 }

// PortString is Port for a port written as text.
func PortString(s string) (int, bool) {
	if s == "" || len(s) > 5 || !allDigits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return Port(n)
}

// ProductKey returns s as a product key: five groups of five letters or
// digits separated by hyphens, upper case.
func ProductKey(s string) (string, bool) {
	s = strings.ToUpper(s)
	if len(s) != 29 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if i%6 == 5 {
			if s[i] != '-' {
				return "", false
			}
		} else if !(s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
			return "", false
		}
	}
	return s, true
}

// Code returns s as an error code: 0x and eight hex digits, written
// 0xC004F074.
func Code(s string) (string, bool) {
	if len(s) != 10 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return "", false
	}
	h := strings.ToUpper(s[2:])
	for i := 0; i < len(h); i++ {
		if !(h[i] >= '0' && h[i] <= '9' || h[i] >= 'A' && h[i] <= 'F') {
			return "", false
		}
	}
	return "0x" + h, true
}

// Name returns s as an Azure resource name (resource group, VNet, subnet,
// NSG, route table, NIC): 1-90 letters, digits, '_', '-', '.', '(' or ')',
// not starting with '-' and not ending with '.'.
func Name(s string) (string, bool) {
	if s == "" || len(s) > 90 || s[0] == '-' || s[len(s)-1] == '.' {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || strings.IndexByte("_-.()", c) >= 0) {
			return "", false
		}
	}
	return s, true
}

var activationIDRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ActivationID checks a product's activation id (SoftwareLicensingProduct.ID,
// a GUID, what slmgr takes after an option as [Activation ID]) and returns
// it in lower case.
func ActivationID(s string) (string, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	return v, activationIDRE.MatchString(v)
}
