//go:build !windows

package remedy

// machineStore is nil off Windows: rebuild_tokens is not supported there.
func machineStore() TokenStore { return nil }
