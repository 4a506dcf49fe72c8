package admin

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/ruche-lod/ruche/api/records"
)

// ErrNoServer: no server answers on the folder's admin socket (there is
// none, or it was left by a server that died).
var ErrNoServer = errors.New("admin: no server answers on the data folder's socket")

// Client asks a running server through its admin socket.
type Client struct {
	path string
	http *http.Client
}

// Dial connects to the server holding dir, or returns ErrNoServer.
func Dial(dir string) (*Client, error) {
	path := filepath.Join(dir, SocketName)
	c, err := net.DialTimeout("unix", path, 5*time.Second)
	if err != nil {
		if errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EACCES) {
			return nil, fmt.Errorf("admin: %s belongs to another account: %w", path, err)
		}
		// No socket, a stale one (connection refused), or a path too long
		// for a socket (the server then runs without one): nobody answers.
		return nil, ErrNoServer
	}
	c.Close()
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
		DisableCompression: true,
	}
	return &Client{path: path, http: &http.Client{Transport: tr}}, nil
}

// Path is the socket's path.
func (c *Client) Path() string { return c.path }

// Close releases the client's connections.
func (c *Client) Close() error {
	c.http.CloseIdleConnections()
	return nil
}

// call sends a request and decodes a JSON answer into out.
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://ruche"+path, body)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("admin: the server on %s: %w", c.path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return decodeError(resp)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("admin: the server's answer: %w", err)
	}
	return nil
}

func decodeError(resp *http.Response) error {
	var we wireError
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&we); err != nil || we.Error == "" {
		return fmt.Errorf("admin: the server answered %s", resp.Status)
	}
	for _, k := range kinds {
		if k.name == we.Kind {
			return records.WithKind(k.err, we.Error)
		}
	}
	return errors.New(we.Error)
}

// CreateToken asks the server to mint a token.
func (c *Client) CreateToken(ctx context.Context, req TokenRequest) (string, records.Token, error) {
	var out createReply
	err := c.call(ctx, http.MethodPost, "/tokens", req, &out)
	return out.Secret, out.Token, err
}

// ListTokens asks for the tokens.
func (c *Client) ListTokens(ctx context.Context) ([]records.Token, error) {
	var out []records.Token
	err := c.call(ctx, http.MethodGet, "/tokens", nil, &out)
	return out, err
}

// RevokeToken asks the server to revoke a token.
func (c *Client) RevokeToken(ctx context.Context, id string) (records.Token, error) {
	var out records.Token
	err := c.call(ctx, http.MethodPost, "/tokens/"+url.PathEscape(id)+"/revoke", nil, &out)
	return out, err
}

// ListAudit asks for the audit log.
func (c *Client) ListAudit(ctx context.Context, since time.Time, resource string) ([]records.AuditRecord, error) {
	q := url.Values{}
	if !since.IsZero() {
		q.Set("since", since.Format(time.RFC3339Nano))
	}
	if resource != "" {
		q.Set("resource", resource)
	}
	var out []records.AuditRecord
	err := c.call(ctx, http.MethodGet, "/audit?"+q.Encode(), nil, &out)
	return out, err
}

// Backup streams a backup of the running server's store to w. The stream is
// checked as it arrives (gzip length and CRC): an error means w did not
// receive a whole backup.
func (c *Client) Backup(ctx context.Context, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://ruche/backup", nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("admin: the server on %s: %w", c.path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return decodeError(resp)
	}
	pr, pw := io.Pipe()
	checked := make(chan error, 1)
	go func() {
		zr, err := gzip.NewReader(pr)
		if err == nil {
			_, err = io.Copy(io.Discard, zr)
		}
		pr.CloseWithError(err)
		checked <- err
	}()
	_, err = io.Copy(io.MultiWriter(w, pw), resp.Body)
	pw.CloseWithError(err)
	if cerr := <-checked; err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("admin: backup from the server: %w", err)
	}
	return nil
}
