package framing

import (
	"bytes"
	"context"
	"net"
	"strconv"
	"sync"
)

// Listener wraps the connections it accepts so that they follow the
// framing of the bytes read.
type Listener struct{ net.Listener }

func (l Listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &framingConn{Conn: c}, nil
}

type framingState uint8

const (
	fsHeader    framingState = iota // reading a header block
	fsBody                          // skipping remain bytes of a Content-Length body
	fsChunkSize                     // reading a chunk-size line
	fsChunkData                     // skipping remain bytes of chunk data
	fsChunkCRLF                     // the line end after chunk data
	fsTrailer                       // trailer lines, up to an empty line
	fsOff                           // lost track: no more checks
)

// maxTrackedHeader bounds the header buffer (Go refuses bigger headers).
const maxTrackedHeader = 1 << 20

// framingConn tracks the framing of the bytes read from one connection.
type framingConn struct {
	net.Conn

	mu        sync.Mutex
	ambiguous bool // a header block had both Content-Length and Transfer-Encoding
	state     framingState
	buf       []byte // the header block or line being read
	remain    int64
}

func (c *framingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		c.scan(p[:n])
		c.mu.Unlock()
	}
	return n, err
}

// isAmbiguous reports whether the connection carried a request with both
// framing fields.
func (c *framingConn) isAmbiguous() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ambiguous
}

func (c *framingConn) scan(p []byte) {
	for len(p) > 0 {
		switch c.state {
		case fsOff:
			return
		case fsBody, fsChunkData:
			k := min(int64(len(p)), c.remain)
			p = p[k:]
			c.remain -= k
			if c.remain == 0 {
				if c.state == fsBody {
					c.state = fsHeader
				} else {
					c.state = fsChunkCRLF
				}
			}
		case fsChunkCRLF:
			i := bytes.IndexByte(p, '\n')
			if i < 0 {
				return
			}
			p = p[i+1:]
			c.state = fsChunkSize
		case fsHeader:
			if len(c.buf) == 0 { // blank lines before a request line are skipped
				for len(p) > 0 && (p[0] == '\r' || p[0] == '\n') {
					p = p[1:]
				}
				if len(p) == 0 {
					return
				}
			}
			start := max(0, len(c.buf)-3)
			c.buf = append(c.buf, p...)
			end, skip := headerEnd(c.buf[start:])
			if end < 0 {
				if len(c.buf) > maxTrackedHeader {
					c.state, c.buf = fsOff, nil
				}
				return
			}
			block := c.buf[:start+end]
			rest := c.buf[start+end+skip:]
			p = append([]byte(nil), rest...)
			c.endHeader(block)
			c.buf = c.buf[:0]
		case fsChunkSize, fsTrailer:
			i := bytes.IndexByte(p, '\n')
			if i < 0 {
				c.buf = append(c.buf, p...)
				if len(c.buf) > maxTrackedHeader {
					c.state, c.buf = fsOff, nil
				}
				return
			}
			line := bytes.TrimRight(append(c.buf, p[:i]...), "\r")
			p = p[i+1:]
			c.buf = c.buf[:0]
			if c.state == fsTrailer {
				if len(line) == 0 {
					c.state = fsHeader
				}
				continue
			}
			if j := bytes.IndexByte(line, ';'); j >= 0 {
				line = line[:j]
			}
			size, err := strconv.ParseUint(string(bytes.TrimSpace(line)), 16, 63)
			switch {
			case err != nil:
				c.state = fsOff
			case size == 0:
				c.state = fsTrailer
			default:
				c.state, c.remain = fsChunkData, int64(size)
			}
		}
	}
}

// headerEnd finds the blank line ending a header block: the index where
// the block ends and the length of the separator.
func headerEnd(b []byte) (int, int) {
	for i := 0; i < len(b); i++ {
		if b[i] != '\n' {
			continue
		}
		if i+1 < len(b) && b[i+1] == '\n' {
			return i + 1, 1
		}
		if i+2 < len(b) && b[i+1] == '\r' && b[i+2] == '\n' {
			return i + 1, 2
		}
	}
	return -1, 0
}

// endHeader inspects a complete header block and sets the body's framing.
func (c *framingConn) endHeader(block []byte) {
	var cl, te []byte
	hasCL, hasTE := false, false
	lines := bytes.Split(block, []byte("\n"))
	for _, line := range lines[1:] {
		name, value, ok := bytes.Cut(bytes.TrimRight(line, "\r"), []byte(":"))
		if !ok {
			continue
		}
		switch {
		case bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")):
			hasCL, cl = true, bytes.TrimSpace(value)
		case bytes.EqualFold(bytes.TrimSpace(name), []byte("Transfer-Encoding")):
			hasTE, te = true, bytes.TrimSpace(value)
		}
	}
	if hasCL && hasTE {
		c.ambiguous = true
	}
	switch {
	case hasTE:
		codings := bytes.Split(te, []byte(","))
		if bytes.EqualFold(bytes.TrimSpace(codings[len(codings)-1]), []byte("chunked")) {
			c.state = fsChunkSize
		} else {
			c.state = fsOff // Go answers 501 and closes
		}
	case hasCL:
		n, err := strconv.ParseInt(string(cl), 10, 64)
		switch {
		case err != nil || n < 0:
			c.state = fsOff
		case n == 0:
			c.state = fsHeader
		default:
			c.state, c.remain = fsBody, n
		}
	default:
		c.state = fsHeader
	}
}

type framingConnKey struct{}

// ConnContext is http.Server.ConnContext: it hands the connection to
// Ambiguous.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if fc, ok := c.(*framingConn); ok {
		return context.WithValue(ctx, framingConnKey{}, fc)
	}
	return ctx
}

// Ambiguous reports whether the connection of a request served through
// ConnContext has had a request with both Content-Length and
// Transfer-Encoding.
func Ambiguous(ctx context.Context) bool {
	fc, ok := ctx.Value(framingConnKey{}).(*framingConn)
	return ok && fc.isAmbiguous()
}
