package api

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/ruche-lod/ruche/api/web"
	"github.com/ruche-lod/ruche/api/web/svg"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

const (
	provWasDerivedFrom = vocab.ProvWasDerivedFrom
	orgOrganization    = vocab.OrgOrganizationProp
	orgMember          = vocab.OrgMember
)

// lookup reads the objects of (s, p) over the public graphs, deduplicated.
func lookup(ctx context.Context, snap *store.Snapshot, s rdf.Term, p string) []rdf.Term {
	var out []rdf.Term
	for q, err := range snap.Match(ctx, store.Pattern{S: s, P: rdf.IRI(p), AnyGraph: true}) {
		if err != nil {
			break
		}
		if !slices.Contains(out, q.O) {
			out = append(out, q.O)
		}
	}
	return out
}

func (s *Server) links(terms []rdf.Term, l *labeler) []web.Link {
	var out []web.Link
	for _, t := range terms {
		if t.IsIRI() {
			out = append(out, web.Link{Href: s.pageHref(t.Value, l.langs[0]), Label: l.labelOr(t.Value)})
		}
	}
	slices.SortFunc(out, func(a, b web.Link) int { return compareFold(a.Label, b.Label) })
	return out
}

func (s *Server) firstLink(terms []rdf.Term, l *labeler) web.Link {
	if ls := s.links(terms, l); len(ls) > 0 {
		return ls[0]
	}
	return web.Link{}
}

// chantierView gathers what the chantier page shows.
func (s *Server) chantierView(ctx context.Context, snap *store.Snapshot, iri string, triples []rdf.Quad, l *labeler) web.ChantierView {
	self := rdf.IRI(iri)
	text := func(p string) string { return pickLiteral(objectsOf(triples, iri, p), l.langs) }
	v := web.ChantierView{
		IRI:              iri,
		Name:             l.labelOr(iri),
		Definition:       text(vocab.RadnInitialDefinition),
		Kinds:            s.links(objectsOf(triples, iri, vocab.RadnKind), l),
		Themes:           s.links(objectsOf(triples, iri, vocab.RadnTheme), l),
		Status:           s.firstLink(objectsOf(triples, iri, vocab.RadnStatus), l),
		Parent:           s.firstLink(objectsOf(triples, iri, schemaNS+"parentOrganization"), l),
		Legacies:         s.links(objectsOf(triples, iri, vocab.RadnHasLegacy), l),
		EmergedFrom:      s.links(objectsOf(triples, iri, provWasDerivedFrom), l),
		GaveRiseTo:       s.links(distinctSubjects(ctx, snap, provWasDerivedFrom, self), l),
		ParticipantCount: -1,
	}
	if d := text(schemaNS + "description"); d != v.Definition {
		v.Description = d
	}
	if f := objectsOf(triples, iri, schemaNS+"foundingDate"); len(f) > 0 && f[0].IsLiteral() {
		v.Founded = f[0].Value
	}
	if f := objectsOf(triples, iri, schemaNS+"dissolutionDate"); len(f) > 0 && f[0].IsLiteral() {
		v.Dissolved = f[0].Value
	}
	for _, alt := range objectsOf(triples, iri, schemaNS+"alternateName") {
		v.AlternateNames = append(v.AlternateNames, alt.Value)
	}
	if c := objectsOf(triples, iri, vocab.RadnParticipantCount); len(c) > 0 {
		if n, err := strconv.Atoi(c[0].Value); err == nil {
			v.ParticipantCount = n
		}
	}
	legacies := objectsOf(triples, iri, vocab.RadnHasLegacy)
	var deliverables []rdf.Term
	for _, d := range objectsOf(triples, iri, vocab.RadnDeliverableProp) {
		if !slices.Contains(legacies, d) {
			deliverables = append(deliverables, d)
		}
	}
	v.Deliverables = s.links(deliverables, l)
	for _, o := range objectsOf(triples, iri, vocab.RadnObjectiveProp) {
		if !o.IsIRI() {
			continue
		}
		facet := func(p string) string { return pickLiteral(lookup(ctx, snap, o, vocab.RadnNS+p), l.langs) }
		obj := web.Objective{
			Link:       web.Link{Href: s.pageHref(o.Value, l.langs[0]), Label: l.labelOr(o.Value)},
			Status:     s.firstLink(lookup(ctx, snap, o, vocab.RadnStatus), l),
			Specific:   facet("specific"),
			Measurable: facet("measurable"),
			Achievable: facet("achievable"),
			Realistic:  facet("realistic"),
		}
		if tb := lookup(ctx, snap, o, vocab.RadnTimeBound); len(tb) > 0 {
			obj.TimeBound = tb[0].Value
		}
		v.Objectives = append(v.Objectives, obj)
	}
	for _, n := range objectsOf(triples, iri, vocab.RadnSupportNeedProp) {
		if !n.IsIRI() {
			continue
		}
		v.SupportNeeds = append(v.SupportNeeds, web.SupportNeed{
			Link:        web.Link{Href: s.pageHref(n.Value, l.langs[0]), Label: l.labelOr(n.Value)},
			Type:        s.firstLink(lookup(ctx, snap, n, vocab.RadnNeedType), l),
			Status:      s.firstLink(lookup(ctx, snap, n, vocab.RadnStatus), l),
			Description: pickLiteral(lookup(ctx, snap, n, schemaNS+"description"), l.langs),
		})
	}
	v.Members, v.Participants = s.membersOf(ctx, snap, self, l, v.ParticipantCount)
	return v
}

// membersOf lists the published members of a chantier (persons whose
// consent put them in the public graph) and the number of participants
// over time. The chart counts every membership, consenting or not, as
// radn:participantCount does (only counts are shown, by month, never who),
// and ends today at that total, so the line and the total agree.
func (s *Server) membersOf(ctx context.Context, snap *store.Snapshot, chantier rdf.Term, l *labeler, total int) ([]web.Member, []svg.Point) {
	var members []web.Member
	for _, m := range distinctSubjects(ctx, snap, orgOrganization, chantier) {
		start := dateOf(lookup(ctx, snap, m, schemaNS+"startDate"))
		if end := dateOf(lookup(ctx, snap, m, schemaNS+"endDate")); !end.IsZero() {
			continue // past member: counted in the chart, not listed
		}
		for _, p := range lookup(ctx, snap, m, orgMember) {
			if p.IsIRI() && l.label(p.Value) != "" {
				mem := web.Member{Link: web.Link{Href: s.pageHref(p.Value, l.langs[0]), Label: l.label(p.Value)}}
				if !start.IsZero() {
					mem.Since = start.Format("2006-01-02")
				}
				members = append(members, mem)
			}
		}
	}
	slices.SortFunc(members, func(a, b web.Member) int { return compareFold(a.Label, b.Label) })
	return members, participantPoints(ctx, snap, chantier, total, time.Now().In(toronto))
}

// participantPoints is the number of participants of a chantier over
// time, from the memberships published in r (the public space: a page
// never reads private records, and every replica renders the same bytes): a step at the first day of the month of
// each start and end, and a last point on today's date at total (the
// published count) when it is known.
func participantPoints(ctx context.Context, r *store.Snapshot, chantier rdf.Term, total int, today time.Time) []svg.Point {
	month := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	type change struct {
		at    time.Time
		delta int
	}
	var changes []change
	now := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for _, m := range distinctSubjects(ctx, r, orgOrganization, chantier) {
		start := dateOf(lookup(ctx, r, m, schemaNS+"startDate"))
		if start.IsZero() || start.After(now) {
			continue
		}
		changes = append(changes, change{month(start), 1})
		if end := dateOf(lookup(ctx, r, m, schemaNS+"endDate")); !end.IsZero() && !end.After(now) {
			changes = append(changes, change{month(end), -1})
		}
	}
	slices.SortFunc(changes, func(a, b change) int { return a.at.Compare(b.at) })
	var points []svg.Point
	count := 0
	for _, c := range changes {
		count += c.delta
		if n := len(points); n > 0 && points[n-1].Date.Equal(c.at) {
			points[n-1].Count = count
			continue
		}
		points = append(points, svg.Point{Date: c.at, Count: count})
	}
	if len(points) == 0 {
		return nil
	}
	if total < 0 {
		total = count
	}
	if last := points[len(points)-1]; last.Date.Before(now) {
		points = append(points, svg.Point{Date: now, Count: total})
	} else {
		points[len(points)-1].Count = total
	}
	return points
}

func dateOf(terms []rdf.Term) time.Time {
	for _, t := range terms {
		if t.IsLiteral() && len(t.Value) >= 10 {
			if d, err := time.Parse("2006-01-02", t.Value[:10]); err == nil {
				return d
			}
		}
	}
	return time.Time{}
}
