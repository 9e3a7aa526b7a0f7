//go:build windows

package winsys

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/windows"
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
		Host:     winHost{},
		HTTP:     NewMetadataHTTP(),
		Now:      time.Now,
	}, nil
}

// NewMethods returns the WMI method caller (the go-ole reader of
// wmi_windows.go).
func NewMethods() (Methods, error) { return &oleWMI{}, nil }

// OSVersion is the version Windows reports of itself (RtlGetVersion, which
// no compatibility shim changes): "10.0.22631", "6.1.7601".
func OSVersion() (string, error) {
	v := windows.RtlGetVersion()
	return fmt.Sprintf("%d.%d.%d", v.MajorVersion, v.MinorVersion, v.BuildNumber), nil
}
