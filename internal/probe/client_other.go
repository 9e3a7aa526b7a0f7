//go:build !windows

package probe

import "context"

// systemClient is nil off Windows: there is no KMS client to read.
var systemClient func(ctx context.Context) (KMSClient, error)
