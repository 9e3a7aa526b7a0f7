//go:build windows

package winsys

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	kernel32                       = windows.NewLazySystemDLL("kernel32.dll")
	procGetUserDefaultUILanguage   = kernel32.NewProc("GetUserDefaultUILanguage")
	procGetSystemDefaultUILanguage = kernel32.NewProc("GetSystemDefaultUILanguage")
	procLCIDToLocaleName           = kernel32.NewProc("LCIDToLocaleName")
	procGetUserDefaultLocaleName   = kernel32.NewProc("GetUserDefaultLocaleName")
	procGlobalFree                 = kernel32.NewProc("GlobalFree")
	iphlpapi                       = windows.NewLazySystemDLL("iphlpapi.dll")
	procGetNetworkParams           = iphlpapi.NewProc("GetNetworkParams")
	winhttp                        = windows.NewLazySystemDLL("winhttp.dll")
	procWinHttpGetDefaultProxy     = winhttp.NewProc("WinHttpGetDefaultProxyConfiguration")
)

// winHost reads files' metadata and security descriptors and the display
// language.
type winHost struct{}

var envRE = regexp.MustCompile(`%([A-Za-z_][A-Za-z0-9_()]*)%`)

// expand replaces %NAME% with the environment variable.
func expand(path string) string {
	return envRE.ReplaceAllStringFunc(path, func(m string) string {
		if v, ok := os.LookupEnv(m[1 : len(m)-1]); ok {
			return v
		}
		return m
	})
}

func (winHost) Stat(ctx context.Context, path string) (FileInfo, error) {
	fi, err := os.Stat(expand(path))
	if errors.Is(err, fs.ErrNotExist) {
		return FileInfo{}, fmt.Errorf("%s: %w", path, ErrNotExist)
	}
	if err != nil {
		return FileInfo{}, err
	}
	return FileInfo{Size: fi.Size(), ModTime: fi.ModTime().UTC(), Dir: fi.IsDir()}, nil
}

func (winHost) SDDL(ctx context.Context, path string) (string, error) {
	sd, err := windows.GetNamedSecurityInfo(expand(path), windows.SE_FILE_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.GROUP_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if errors.Is(err, windows.ERROR_FILE_NOT_FOUND) || errors.Is(err, windows.ERROR_PATH_NOT_FOUND) {
		return "", fmt.Errorf("GetNamedSecurityInfo %s: %w", path, ErrNotExist)
	}
	if err != nil {
		return "", fmt.Errorf("GetNamedSecurityInfo %s: %w", path, err)
	}
	return sd.String(), nil
}

func localeName(id uint16) string {
	if procLCIDToLocaleName.Find() != nil {
		return ""
	}
	buf := make([]uint16, 85) // LOCALE_NAME_MAX_LENGTH
	n, _, _ := procLCIDToLocaleName.Call(uintptr(id), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0)
	if n == 0 {
		return ""
	}
	return windows.UTF16ToString(buf)
}

func (winHost) Language(ctx context.Context) (Language, error) {
	if err := procGetUserDefaultUILanguage.Find(); err != nil {
		return Language{}, err
	}
	u, _, _ := procGetUserDefaultUILanguage.Call()
	s, _, _ := procGetSystemDefaultUILanguage.Call()
	l := Language{UserID: uint16(u), SystemID: uint16(s)}
	l.User, l.System = localeName(l.UserID), localeName(l.SystemID)
	if procGetUserDefaultLocaleName.Find() == nil {
		buf := make([]uint16, 85)
		if n, _, _ := procGetUserDefaultLocaleName.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf))); n != 0 {
			l.UserLocale = windows.UTF16ToString(buf)
		}
	}
	return l, nil
}

// fixedInfo is FIXED_INFO (iptypes.h).
type fixedInfo struct {
	HostName         [128 + 4]byte
	DomainName       [128 + 4]byte
	CurrentDnsServer *windows.IpAddrString
	DnsServerList    windows.IpAddrString
	NodeType         uint32
	ScopeId          [256 + 4]byte
	EnableRouting    uint32
	EnableProxy      uint32
	EnableDns        uint32
}

func cstr(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

func (winNet) NetworkParams(ctx context.Context) (NetworkParams, error) {
	if err := procGetNetworkParams.Find(); err != nil {
		return NetworkParams{}, err
	}
	size := uint32(unsafe.Sizeof(fixedInfo{}))
	for range 4 {
		buf := make([]byte, size)
		r, _, _ := procGetNetworkParams.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)))
		if windows.Errno(r) == windows.ERROR_BUFFER_OVERFLOW {
			continue
		}
		if r != 0 {
			return NetworkParams{}, fmt.Errorf("GetNetworkParams: %w", windows.Errno(r))
		}
		fi := (*fixedInfo)(unsafe.Pointer(&buf[0]))
		p := NetworkParams{
			HostName: cstr(fi.HostName[:]), DomainName: cstr(fi.DomainName[:]), NodeType: fi.NodeType,
			ScopeID: cstr(fi.ScopeId[:]), Routing: fi.EnableRouting != 0, Proxy: fi.EnableProxy != 0, DNS: fi.EnableDns != 0,
		}
		for a := &fi.DnsServerList; a != nil; a = a.Next {
			if s := cstr(a.IpAddress.String[:]); s != "" {
				p.DNSServers = append(p.DNSServers, s)
			}
		}
		return p, nil
	}
	return NetworkParams{}, fmt.Errorf("GetNetworkParams: %w", windows.ERROR_BUFFER_OVERFLOW)
}

// winhttpProxyInfo is WINHTTP_PROXY_INFO.
type winhttpProxyInfo struct {
	AccessType uint32
	Proxy      *uint16
	Bypass     *uint16
}

func (winNet) DefaultProxy(ctx context.Context) (Proxy, error) {
	if err := procWinHttpGetDefaultProxy.Find(); err != nil {
		return Proxy{}, err
	}
	var info winhttpProxyInfo
	ok, _, e := procWinHttpGetDefaultProxy.Call(uintptr(unsafe.Pointer(&info)))
	if ok == 0 {
		return Proxy{}, fmt.Errorf("WinHttpGetDefaultProxyConfiguration: %w", e)
	}
	p := Proxy{AccessType: info.AccessType}
	if info.Proxy != nil {
		p.Proxy = windows.UTF16PtrToString(info.Proxy)
		procGlobalFree.Call(uintptr(unsafe.Pointer(info.Proxy)))
	}
	if info.Bypass != nil {
		p.Bypass = windows.UTF16PtrToString(info.Bypass)
		procGlobalFree.Call(uintptr(unsafe.Pointer(info.Bypass)))
	}
	return p, nil
}
