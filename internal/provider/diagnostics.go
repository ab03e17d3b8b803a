package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// All diagnostics about API calls come from here, so that every error reads the
// same way: a Title-Case summary naming the action, then Vapi's own message,
// the HTTP status and, where there is one, what to do about it.

// statusHint is the advice for one HTTP status that replaces the generic one,
// where an object kind gives the status another meaning.
type statusHint struct {
	status int
	text   string
}

// apiErrorDiag describes a failed API call. action is a verb ("Create"), kind
// the object's name as a user knows it ("Function Tool").
func apiErrorDiag(action, kind string, err error, hints ...statusHint) diag.Diagnostic {
	detail := apiErrorDetail(kind, err, hints...)
	if action == "Create" && interrupted(err) {
		detail += " If Vapi had already received the request, the " + kind + " exists but is not in the " +
			"Terraform state: find it in the Vapi dashboard and import it (terraform import) or delete it."
	}
	return diag.NewErrorDiagnostic(fmt.Sprintf("Unable to %s %s", action, kind), detail)
}

// interrupted reports a request that Terraform stopped (Ctrl-C, a timeout)
// before Vapi answered.
func interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func apiErrorDetail(kind string, err error, hints ...statusHint) string {
	if errors.Is(err, vapi.ErrMissingAPIKey) {
		return err.Error()
	}
	if interrupted(err) {
		return "Terraform stopped the operation (it was interrupted or timed out) before Vapi answered: " + err.Error() + "."
	}
	var apiErr *vapi.APIError
	if !errors.As(err, &apiErr) {
		return err.Error()
	}
	detail := fmt.Sprintf("Vapi answered %d %s to %s %s: %s", apiErr.StatusCode, http.StatusText(apiErr.StatusCode),
		apiErr.Method, apiErr.Path, apiErr.Message)
	for _, h := range hints {
		if h.status == apiErr.StatusCode {
			return detail + "\n\n" + h.text
		}
	}
	switch {
	case apiErr.StatusCode == http.StatusUnauthorized:
		detail += "\n\nCheck the API key: it must be a private key of the organization, set as the provider's " +
			"`api_key` argument or in the VAPI_API_KEY environment variable. A public key is refused here. " +
			"Organizations in the EU region also need base_url = \"https://api.eu.vapi.ai\"."
	case apiErr.StatusCode == http.StatusForbidden:
		detail += "\n\nThe API key is not allowed to do this. Check that the key belongs to the organization that owns the " + kind + "."
	case apiErr.StatusCode == http.StatusConflict && (apiErr.ErrorCode == "assistant_pinned" || apiErr.ErrorCode == "tool_pinned"):
		detail += "\n\nA version of this " + kind + " is pinned (for example by a phone number, squad or assistant " +
			"that references a fixed version). Remove the pin in the Vapi dashboard or point the referencing object " +
			"at another version, then run the apply again."
	case apiErr.StatusCode == http.StatusTooManyRequests:
		detail += "\n\nVapi kept rate-limiting the requests after every retry. Lower terraform's -parallelism, " +
			"or set the provider's requests_per_second."
	}
	return detail
}

// notFoundWarning is added when a refresh finds that an object was deleted
// outside Terraform; the resource is then removed from state and the next plan
// creates it again.
func notFoundWarning(kind, id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(kind+" Not Found",
		fmt.Sprintf("The %s %q no longer exists in Vapi; it was probably deleted outside Terraform. "+
			"It has been removed from the state and will be created again by the next apply.", kind, id))
}
