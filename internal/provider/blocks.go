package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every nested object a user writes is a list block that holds at most one
// object (INTERFACE.md): inside a block a misspelled argument is an error at
// `terraform validate`, where a nested attribute would drop it silently
// (hashicorp/terraform#33570). Single nested blocks were rejected: Terraform
// sends an absent one as an object of nulls, so Required children would fail
// every configuration without the block and defaults would apply while it is
// absent. References read `server[0].url`; an absent block is an empty list,
// which the framework hands over as null and the models hold as a nil slice.

// singleBlock is a block of which a configuration may write at most one.
func singleBlock(description string, object schema.NestedBlockObject, modifiers ...planmodifier.List) schema.ListNestedBlock {
	return schema.ListNestedBlock{
		MarkdownDescription: description + " At most one block.",
		NestedObject:        object,
		Validators:          []validator.List{atMostOneBlock{}},
		PlanModifiers:       modifiers,
	}
}

// first returns the only object of a block, or nil when the block is absent.
func first[T any](blocks []T) *T {
	if len(blocks) == 0 {
		return nil
	}
	return &blocks[0]
}

// blockOf is the block list holding v, or no block when v is nil.
func blockOf[T any](v *T) []T {
	if v == nil {
		return nil
	}
	return []T{*v}
}

// only returns the object of a block, or the zero object (all null) when the
// block is absent.
func only[T any](blocks []T) T {
	var zero T
	if len(blocks) == 0 {
		return zero
	}
	return blocks[0]
}

// blockObjects returns the objects of the block at p in raw (a configuration
// or a plan), without converting them to framework values: a validator that
// only counts blocks or reads one string must not fail on a sibling the
// framework cannot convert (a fraction in a whole-number attribute), which
// its own validation reports on the right attribute. known is false when the
// block list is unknown.
func blockObjects(raw tftypes.Value, p *tftypes.AttributePath) (objects []tftypes.Value, known bool) {
	v, _, err := tftypes.WalkAttributePath(raw, p)
	value, ok := v.(tftypes.Value)
	if err != nil || !ok || value.IsNull() {
		return nil, true
	}
	if !value.IsKnown() {
		return nil, false
	}
	if err := value.As(&objects); err != nil {
		return nil, true
	}
	return objects, true
}

// stringIn reads the string attribute name of a block object; null and
// unknown read as "" with set false.
func stringIn(object tftypes.Value, name string) (s string, set bool) {
	var attrs map[string]tftypes.Value
	if err := object.As(&attrs); err != nil {
		return "", false
	}
	v, ok := attrs[name]
	if !ok || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	if err := v.As(&s); err != nil {
		return "", false
	}
	return s, true
}

// attrState tells whether the attribute name of a block object is null,
// unknown, or set.
func attrState(object tftypes.Value, name string) (set, unknown bool) {
	var attrs map[string]tftypes.Value
	if err := object.As(&attrs); err != nil {
		return false, false
	}
	v, ok := attrs[name]
	if !ok {
		return false, false
	}
	return v.IsKnown() && !v.IsNull(), !v.IsKnown()
}
