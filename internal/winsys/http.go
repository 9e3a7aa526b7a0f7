package winsys

import (
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

// maxMetadataBody bounds what is kept of a metadata answer.
const maxMetadataBody = 64 << 10

// metadataHTTP is HTTP over net/http with no proxy (a metadata service is
// link-local; a proxy would answer for it or leak the request), no
// redirects and no keep-alive.
type metadataHTTP struct{ c *http.Client }

// NewMetadataHTTP returns the real HTTP of System (used on Windows; it is
// plain Go, so it is tested on any OS against a loopback server).
func NewMetadataHTTP() HTTP {
	return metadataHTTP{c: &http.Client{
		Transport: &http.Transport{
			Proxy:             nil,
			DialContext:       (&net.Dialer{Timeout: 2 * time.Second}).DialContext,
			DisableKeepAlives: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (h metadataHTTP) Do(ctx context.Context, method, url string, header map[string]string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return 0, nil, err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := h.c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataBody))
	return resp.StatusCode, body, err
}
