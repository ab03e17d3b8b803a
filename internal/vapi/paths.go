package vapi

// The API's collections: every path the provider calls is one of these, or
// one of them followed by "/" and an object's id (ObjectPath).
const (
	PathTools        = "/tool"
	PathAssistants   = "/assistant"
	PathPhoneNumbers = "/phone-number"
	PathCredentials  = "/credential"
	PathOrgs         = "/org"
)

// ObjectPath is the path of the object id in collection.
func ObjectPath(collection, id string) string { return collection + "/" + id }
