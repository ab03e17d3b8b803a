package emulator

import (
	"cmp"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// dateParams are the createdAt/updatedAt filters every list takes.
var dateParams = []string{
	"createdAtGt", "createdAtLt", "createdAtGe", "createdAtLe",
	"updatedAtGt", "updatedAtLt", "updatedAtGe", "updatedAtLe",
}

// paginatedParams are the extra query parameters of the /v2 lists.
var paginatedParams = []string{"search", "page", "sortOrder", "sortBy"}

type listQuery struct {
	limit   int
	page    int
	asc     bool
	search  string
	filters []dateFilter
}

type dateFilter struct {
	field string // "createdAt" or "updatedAt"
	op    string // "Gt", "Lt", "Ge", "Le"
	at    time.Time
}

// parseListQuery validates list query parameters like the API's query DTOs
// (whitelisted, class-validator messages).
func parseListQuery(q url.Values, paginated bool) (listQuery, []string) {
	lq := listQuery{limit: 100, page: 1}
	allowed := append([]string{"limit"}, dateParams...)
	if paginated {
		allowed = append(allowed, paginatedParams...)
	}
	var msgs []string
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(allowed, k) {
			msgs = append(msgs, "property "+k+" should not exist")
		}
	}
	if q.Has("limit") {
		n, problems := queryNumber("limit", q.Get("limit"), 0, 1000)
		msgs = append(msgs, problems...)
		lq.limit = n
	}
	for _, p := range dateParams {
		if !q.Has(p) {
			continue
		}
		at, err := parseDate(q.Get(p))
		if err != nil {
			msgs = append(msgs, p+" must be a valid ISO 8601 date string")
			continue
		}
		lq.filters = append(lq.filters, dateFilter{field: p[:len(p)-2], op: p[len(p)-2:], at: at})
	}
	if !paginated {
		return lq, msgs
	}
	if q.Has("page") {
		n, problems := queryNumber("page", q.Get("page"), 1, math.Inf(1))
		msgs = append(msgs, problems...)
		lq.page = n
	}
	if q.Has("sortOrder") {
		switch q.Get("sortOrder") {
		case "ASC":
			lq.asc = true
		case "DESC":
		default:
			msgs = append(msgs, "sortOrder "+enumMessage([]string{"ASC", "DESC"}))
		}
	}
	// duration and cost only mean something for calls; phone numbers are
	// always ordered by createdAt.
	if q.Has("sortBy") && !slices.Contains([]string{"createdAt", "duration", "cost"}, q.Get("sortBy")) {
		msgs = append(msgs, "sortBy "+enumMessage([]string{"createdAt", "duration", "cost"}))
	}
	if q.Has("search") {
		lq.search = q.Get("search")
		if len([]rune(lq.search)) > 100 {
			msgs = append(msgs, "search must be shorter than or equal to 100 characters")
		}
	}
	return lq, msgs
}

func queryNumber(name, s string, lo, hi float64) (int, []string) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, []string{name + " " + typeMessage(numberType)}
	}
	if f < lo {
		return 0, []string{name + " must not be less than " + formatNumber(lo)}
	}
	if f > hi {
		return 0, []string{name + " must not be greater than " + formatNumber(hi)}
	}
	return int(f), nil
}

// parseDate accepts the ISO-8601 forms JavaScript's Date parses: full
// date-times (fraction optional, zone optional = UTC) and plain dates.
func parseDate(s string) (time.Time, error) {
	var err error
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

// keep reports whether obj passes every date filter, compared at the
// millisecond precision of the stored timestamps.
func (lq listQuery) keep(obj map[string]any) bool {
	for _, f := range lq.filters {
		s, _ := obj[f.field].(string)
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return false
		}
		c := t.Truncate(time.Millisecond).Compare(f.at.Truncate(time.Millisecond))
		switch f.op {
		case "Gt":
			if c <= 0 {
				return false
			}
		case "Lt":
			if c >= 0 {
				return false
			}
		case "Ge":
			if c < 0 {
				return false
			}
		case "Le":
			if c > 0 {
				return false
			}
		}
	}
	return true
}

// sorted returns the records of kind by createdAt (then insertion order),
// newest first unless asc.
func (e *Emulator) sorted(kind Kind, asc bool) []*record {
	recs := slices.Collect(maps.Values(e.store[kind]))
	created := func(r *record) time.Time {
		s, _ := r.obj["createdAt"].(string)
		t, _ := time.Parse(time.RFC3339, s)
		return t
	}
	slices.SortFunc(recs, func(a, b *record) int {
		c := created(a).Compare(created(b))
		if c == 0 {
			c = cmp.Compare(a.seq, b.seq)
		}
		if asc {
			return c
		}
		return -c
	})
	return recs
}

// matching returns the views of the key's objects that pass lq, in order.
func (c *collection) matching(e *Emulator, lq listQuery) []map[string]any {
	out := []map[string]any{}
	for _, rec := range e.sorted(c.kind, lq.asc) {
		if rec.obj["orgId"] != e.orgID || !lq.keep(rec.obj) || !matchesSearch(rec.obj, lq.search) {
			continue
		}
		out = append(out, c.view(e, rec.obj))
	}
	return out
}

// list is the legacy list: a bare array of at most limit objects, in the list
// order; with TrimCredentialList, credentials are cut to id, name, provider.
func (c *collection) list(e *Emulator, q url.Values, _ map[string]any) response {
	lq, msgs := parseListQuery(q, false)
	if len(msgs) > 0 {
		return errorResponse(http.StatusBadRequest, msgs)
	}
	lq.asc = e.listOrder == ListOldestFirst
	all := c.matching(e, lq)
	page := all[:min(lq.limit, len(all))]
	if e.listOrder == ListShuffled {
		e.shuffle(page)
	}
	if c.kind == KindCredential && e.trimCredentialList {
		for i, obj := range page {
			page[i] = trimCredential(obj)
		}
	}
	return reply(http.StatusOK, page)
}

// trimCredential keeps what Vapi's gitops reads from a credential list.
func trimCredential(obj map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"id", "name", "provider"} {
		if v, ok := obj[k]; ok {
			out[k] = v
		}
	}
	return out
}

// shuffle permutes list in place with the seeded list generator
// (Fisher-Yates).
func (e *Emulator) shuffle(list []map[string]any) {
	for i := len(list) - 1; i > 0; i-- {
		j := int(e.listRng.float64() * float64(i+1))
		list[i], list[j] = list[j], list[i]
	}
}

// paginationMeta is the API's PaginationMeta.
type paginationMeta struct {
	ItemsPerPage int    `json:"itemsPerPage"`
	TotalItems   int    `json:"totalItems"`
	CurrentPage  int    `json:"currentPage"`
	TotalPages   int    `json:"totalPages"`
	HasNextPage  bool   `json:"hasNextPage"`
	SortOrder    string `json:"sortOrder"`
}

// listPaginated is the /v2 list: {results, metadata} by page.
func (c *collection) listPaginated(e *Emulator, q url.Values, _ map[string]any) response {
	lq, msgs := parseListQuery(q, true)
	if len(msgs) > 0 {
		return errorResponse(http.StatusBadRequest, msgs)
	}
	all := c.matching(e, lq)
	meta := paginationMeta{ItemsPerPage: lq.limit, TotalItems: len(all), CurrentPage: lq.page, SortOrder: "DESC"}
	if lq.asc {
		meta.SortOrder = "ASC"
	}
	results := []map[string]any{}
	if lq.limit > 0 {
		meta.TotalPages = (len(all) + lq.limit - 1) / lq.limit
		meta.HasNextPage = lq.page < meta.TotalPages
		start := min((lq.page-1)*lq.limit, len(all))
		results = all[start:min(start+lq.limit, len(all))]
	}
	return reply(http.StatusOK, map[string]any{"results": results, "metadata": meta})
}
