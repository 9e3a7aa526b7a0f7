//go:build windows

package winsys

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// winRegistry reads the registry with x/sys/windows/registry, always the
// 64-bit view.
type winRegistry struct{}

func openKey(key string, access uint32) (registry.Key, error) {
	hive, path, _ := strings.Cut(key, `\`)
	var root registry.Key
	switch strings.ToUpper(hive) {
	case "HKLM", "HKEY_LOCAL_MACHINE":
		root = registry.LOCAL_MACHINE
	case "HKU", "HKEY_USERS":
		root = registry.USERS
	case "HKCU", "HKEY_CURRENT_USER":
		root = registry.CURRENT_USER
	case "HKCR", "HKEY_CLASSES_ROOT":
		root = registry.CLASSES_ROOT
	default:
		return 0, fmt.Errorf("registry: unknown hive %q", hive)
	}
	k, err := registry.OpenKey(root, path, access|registry.WOW64_64KEY)
	if errors.Is(err, windows.ERROR_FILE_NOT_FOUND) || errors.Is(err, windows.ERROR_PATH_NOT_FOUND) {
		return 0, fmt.Errorf("%s: %w", key, ErrNotExist)
	}
	return k, err
}

var regTypes = map[uint32]string{
	registry.NONE: "REG_NONE", registry.SZ: "REG_SZ", registry.EXPAND_SZ: "REG_EXPAND_SZ",
	registry.BINARY: "REG_BINARY", registry.DWORD: "REG_DWORD", registry.DWORD_BIG_ENDIAN: "REG_DWORD_BIG_ENDIAN",
	registry.LINK: "REG_LINK", registry.MULTI_SZ: "REG_MULTI_SZ", registry.QWORD: "REG_QWORD",
}

func (winRegistry) Values(ctx context.Context, key string) (map[string]Value, error) {
	k, err := openKey(key, registry.QUERY_VALUE)
	if err != nil {
		return nil, err
	}
	defer k.Close()
	names, err := k.ReadValueNames(0)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Value, len(names))
	for _, n := range names {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		_, typ, err := k.GetValue(n, nil)
		if err != nil {
			continue
		}
		v := Value{Type: regTypes[typ]}
		if v.Type == "" {
			v.Type = fmt.Sprintf("REG_TYPE_%d", typ)
		}
		switch typ {
		case registry.SZ, registry.EXPAND_SZ:
			v.String, _, err = k.GetStringValue(n)
		case registry.MULTI_SZ:
			v.Strings, _, err = k.GetStringsValue(n)
		case registry.DWORD, registry.QWORD:
			v.Int, _, err = k.GetIntegerValue(n)
		default:
			v.Binary, _, err = k.GetBinaryValue(n)
		}
		if err == nil {
			out[n] = v
		}
	}
	return out, nil
}

func (winRegistry) Subkeys(ctx context.Context, key string) ([]string, error) {
	k, err := openKey(key, registry.ENUMERATE_SUB_KEYS)
	if err != nil {
		return nil, err
	}
	defer k.Close()
	names, err := k.ReadSubKeyNames(0)
	sort.Strings(names)
	return names, err
}
