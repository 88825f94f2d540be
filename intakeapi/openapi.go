package intakeapi

import (
	_ "embed"
	"net/http"
)

// OpenAPIPath is where the service serves its OpenAPI description, without a token.
const OpenAPIPath = "/v1/openapi.json"

// openAPI is the OpenAPI 3.0 description of every route; openapi_test.go checks it
// against the handler.
//
//go:embed openapi.json
var openAPI []byte

// serveOpenAPI answers the OpenAPI description as is.
func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(openAPI) // the client has gone; the log line records the status
}
