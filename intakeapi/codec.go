package intakeapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/payloadcrypt"
)

// CodecPath is the codec server's base: the Temporal UI's codec endpoint is the
// service's URL followed by it, and Temporal's remote codec protocol adds /encode
// and /decode.
const CodecPath = "/v1/codec"

// CodecOriginsEnv lists the origins of the Temporal UI whose pages may call the codec
// route from a browser.
const CodecOriginsEnv = "LANES_CODEC_ORIGINS"

// maxCodecBodyBytes bounds a codec request: the UI sends a history's payloads, each up
// to Temporal's 2 MiB payload limit, so this is above the intake routes' bound.
const maxCodecBodyBytes = 8 << 20

// ParseOrigins reads LANES_CODEC_ORIGINS: comma-separated origins such as
// https://temporal.example.com or http://localhost:8233. Empty text gives none.
func ParseOrigins(text string) ([]string, error) {
	var origins []string
	for _, raw := range strings.Split(text, ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			strings.TrimSuffix(u.Path, "/") != "" || u.RawQuery != "" || u.User != nil {
			return nil, fmt.Errorf("%s: %q is not an origin; write the Temporal UI's scheme, host and port, like https://temporal.example.com or http://localhost:8233", CodecOriginsEnv, raw)
		}
		origins = append(origins, u.Scheme+"://"+u.Host)
	}
	return origins, nil
}

// PrintCodec says where the Temporal UI finds the codec server when payloads are
// encrypted, and which UI origins may call it.
func PrintCodec(out io.Writer, addr string, keys *payloadcrypt.Keyring, origins []string) {
	if keys == nil {
		return
	}
	from := "no browser page may call it; set " + CodecOriginsEnv + " to the Temporal UI's origin"
	if len(origins) > 0 {
		from = "pages from " + strings.Join(origins, ", ") + " may call it"
	}
	fmt.Fprintf(out, "Codec server for the Temporal UI: http://%s%s, behind the same authentication (%s).\n", addr, CodecPath, from)
}

// codecRoutes lists "METHOD /path" for the codec route's operations, as openapi.json
// documents them: each path's request, and the browsers' preflight of it.
func codecRoutes() []string {
	var routes []string
	for _, op := range []string{"/encode", "/decode"} {
		routes = append(routes, http.MethodOptions+" "+CodecPath+op, http.MethodPost+" "+CodecPath+op)
	}
	return routes
}

// codecRoute serves Temporal's remote codec protocol with the SDK's handler, behind
// the service's authentication. Browsers' preflights pass without a token, as they
// never carry one, but only from allowed origins; a request without an Origin comes
// from a program (temporal CLI --codec-endpoint) and needs no CORS.
func codecRoute(codec converter.PayloadCodec, origins []string, guard func(http.Handler) http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, o := range origins {
		allowed[o] = true
	}
	serve := guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != CodecPath+"/encode" && r.URL.Path != CodecPath+"/decode" {
			writeError(w, http.StatusNotFound, apiError{Message: "no route " + r.URL.Path + "; the codec answers POST " + CodecPath + "/encode and " + CodecPath + "/decode"})
			return
		}
		serveCodec(w, r, codec)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" {
			if !allowed[origin] {
				writeError(w, http.StatusForbidden, apiError{Field: "Origin", Message: fmt.Sprintf(
					"pages from %s may not call the codec; add the Temporal UI's origin to %s", origin, CodecOriginsEnv)})
				return
			}
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Namespace")
			h.Set("Access-Control-Max-Age", "600")
			h.Add("Vary", "Origin")
		}
		switch r.Method {
		case http.MethodOptions:
			w.WriteHeader(http.StatusNoContent)
		case http.MethodPost:
			serve.ServeHTTP(w, r)
		default:
			w.Header().Set("Allow", "POST, OPTIONS")
			writeError(w, http.StatusMethodNotAllowed, apiError{Message: "method not allowed; use POST"})
		}
	})
}

// serveCodec runs the SDK's codec handler on a held answer, so its plain-text errors
// become Lanes' JSON errors, and a payload under an unknown key a 403 naming the key.
func serveCodec(w http.ResponseWriter, r *http.Request, codec converter.PayloadCodec) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCodecBodyBytes))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, apiError{Field: "body", Message: fmt.Sprintf("over %d MiB; send fewer payloads at once", maxCodecBodyBytes>>20)})
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	watched := &watchedCodec{PayloadCodec: codec}
	held := &heldAnswer{header: http.Header{}}
	converter.NewPayloadCodecHTTPHandler(watched).ServeHTTP(held, r)
	var unknown *payloadcrypt.UnknownKeyError
	switch {
	case errors.As(watched.err, &unknown):
		writeError(w, http.StatusForbidden, apiError{Field: "payloads", Message: watched.err.Error()})
	case watched.err != nil:
		writeError(w, http.StatusBadRequest, apiError{Field: "payloads", Message: watched.err.Error()})
	case held.status == http.StatusOK:
		w.Header().Set("Content-Type", "application/json; charset=utf-8") // the SDK's payloads JSON, labelled as every answer is
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(held.body.Bytes()) // the client has gone; the log line records the status
	default:
		writeError(w, http.StatusBadRequest, apiError{Field: "body", Message: `not Temporal's payloads JSON, {"payloads": [...]}: ` + strings.TrimSpace(held.body.String())})
	}
}

// watchedCodec remembers the codec's error, which the SDK's handler only prints.
type watchedCodec struct {
	converter.PayloadCodec
	err error
}

func (c *watchedCodec) Encode(p []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out, err := c.PayloadCodec.Encode(p)
	c.err = err
	return out, err
}

func (c *watchedCodec) Decode(p []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out, err := c.PayloadCodec.Decode(p)
	c.err = err
	return out, err
}

// heldAnswer keeps an answer until serveCodec decides what to send.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *heldAnswer) Header() http.Header { return a.header }

func (a *heldAnswer) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
}

func (a *heldAnswer) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}
