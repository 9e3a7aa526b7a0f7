//go:build windows

package winsys

import (
	"os"
	"time"
)

// New returns the real Windows APIs.
func New() (System, error) {
	host, _ := os.Hostname()
	return System{
		Computer: host,
		WMI:      &oleWMI{},
		Events:   wevtLog{},
		Registry: winRegistry{},
		Net:      winNet{},
		Run:      sysRunner{},
		Now:      time.Now,
	}, nil
}
