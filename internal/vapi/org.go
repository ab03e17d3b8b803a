package vapi

// Org is the API's organization.
type Org struct {
	Object
	Name   *string `json:"name,omitempty"`
	Server *Server `json:"server,omitempty"`
}
