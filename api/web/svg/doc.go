// Package svg owns ruche's server-side charts: small, deterministic SVG
// documents drawn in pure Go, without JavaScript, for the HTML pages of the
// web front end (package web) and for anyone who wants the picture alone.
//
// Three charts exist:
//
//   - ParticipantsOverTime: a step line of the number of participants of a
//     chantier over time, from dated memberships;
//   - ChantiersByKindAndStatus: a stacked bar chart, one bar per chantier kind,
//     one segment per status;
//   - Lineage: a left-to-right drawing of the chantiers that emerged from
//     others (boxes linking to the chantier pages, arrows).
//
// Every chart carries a <title> and a <desc> (role="img", aria-labelledby) for
// assistive technologies. All text and attribute values are XML-escaped, links
// are limited to relative paths and http(s) URLs, and the output depends only
// on the input (no maps iterated, no clock read), so golden files can pin it.
package svg
