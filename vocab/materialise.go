package vocab

import (
	"slices"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// radnSuperClasses holds the direct rdfs:subClassOf statements of radn.ttl.
// A test keeps it equal to the file.
var radnSuperClasses = map[string][]string{
	RadnChantier:             {SchemaProject, SchemaOrganization, OrgOrganization},
	RadnChantierKind:         {SKOSConcept, SchemaDefinedTerm},
	RadnHostOrganization:     {SchemaOrganization, OrgOrganization},
	RadnObjective:            {SchemaIntangible},
	RadnSmartObjective:       {RadnObjective, SchemaIntangible},
	RadnDeliverable:          {SchemaCreativeWork, ProvEntity},
	RadnLegacy:               {RadnDeliverable, SchemaCreativeWork, ProvEntity},
	RadnContinuityEvaluation: {SchemaReview, ProvEntity},
	RadnCriterionAssessment:  {SchemaRating},
	RadnSupportNeed:          {SchemaDemand},
	RadnChantierOpening:      {OrgChangeEvent, ProvActivity},
	RadnChantierClosure:      {OrgChangeEvent, ProvActivity},
}

// radnSuperProperties holds the direct rdfs:subPropertyOf statements of
// radn.ttl. A test keeps it equal to the file.
var radnSuperProperties = map[string][]string{
	RadnKind:              {OrgClassification, SchemaAdditionalType},
	RadnTheme:             {DCTermsSubject, SchemaKeywords},
	RadnSector:            {OrgClassification, SchemaAdditionalType},
	RadnInitialDefinition: {SchemaDescription},
	RadnStatus:            {ADMSStatus},
	RadnObjectiveProp:     {OrgPurpose},
	RadnSpecific:          {DCTermsDescription},
	RadnMeasurable:        {DCTermsDescription},
	RadnAchievable:        {DCTermsDescription},
	RadnRealistic:         {DCTermsDescription},
	RadnTimeBound:         {DCTermsDate},
	RadnDeliverableProp:   {DCTermsRelation},
	RadnHasLegacy:         {RadnDeliverableProp, DCTermsRelation},
	RadnAssessment:        {SchemaReviewRating},
	RadnCriterion:         {DCTermsSubject},
	RadnIndicator:         {DCTermsSubject},
	RadnDecision:          {DCTermsRelation},
	RadnSupportNeedProp:   {SchemaSeeks},
	RadnNeedType:          {DCTermsType},
	RadnAddressedTo:       {SchemaRecipient},
	RadnParticipantCount:  {DCTermsExtent}, // the one count: dcterms:extent is the number of participants
	RadnFulfilledBy:       {DCTermsRelation},
}

// bridgeSuperClasses are the fixed facts about standard vocabularies that
// harvesters rely on (model.md §1.6): schema.org's own hierarchy where we
// need it, and the bridges from SKOS and ORG to schema.org. No open-ended
// closure over external ontologies.
var bridgeSuperClasses = map[string][]string{
	SchemaProject:     {SchemaOrganization},
	SchemaReview:      {SchemaCreativeWork},
	SKOSConcept:       {SchemaDefinedTerm},
	SKOSConceptScheme: {SchemaDefinedTermSet},
	OrgRole:           {SKOSConcept},
	OrgChangeEvent:    {ProvActivity},
	OrgMembership:     {SchemaOrganizationRole},
}

// bridgeSuperProperties are the fixed property bridges of model.md §1.6.
var bridgeSuperProperties = map[string][]string{
	SKOSPrefLabel:        {SchemaName},
	SKOSDefinition:       {SchemaDescription},
	SKOSTopConceptOf:     {SKOSInScheme},
	SKOSInScheme:         {SchemaInDefinedTermSet},
	OrgSubOrganizationOf: {SchemaParentOrganization},
}

// inverses: s p o ⇒ o q s, for p → q (objects that are literals are skipped).
var inverses = map[string]string{
	OrgSubOrganizationOf: SchemaSubOrganization,
	RadnDeliverableProp:  SchemaCreator, // radn:deliverable is the inverse of schema:creator
	SchemaItemReviewed:   SchemaReviewProp,
}

// The closures, computed once from the tables above.
var (
	classClosure    = closure(radnSuperClasses, bridgeSuperClasses)
	propertyClosure = closure(radnSuperProperties, bridgeSuperProperties)
)

// closure returns, for every key of the tables, all its ancestors (not
// itself), sorted.
func closure(tables ...map[string][]string) map[string][]string {
	direct := map[string][]string{}
	for _, t := range tables {
		for k, vs := range t {
			direct[k] = append(direct[k], vs...)
		}
	}
	out := make(map[string][]string, len(direct))
	for k := range direct {
		seen := map[string]bool{k: true}
		var acc []string
		stack := slices.Clone(direct[k])
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[n] {
				continue
			}
			seen[n] = true
			acc = append(acc, n)
			stack = append(stack, direct[n]...)
		}
		slices.Sort(acc)
		out[k] = acc
	}
	return out
}

// SuperClasses returns every class the materialisation adds to a node typed
// class (transitively, sorted; nil for a class with no rule).
func SuperClasses(class string) []string { return slices.Clone(classClosure[class]) }

// SuperProperties returns every property the materialisation adds for a
// triple with predicate p (transitively, sorted; nil if none).
func SuperProperties(p string) []string { return slices.Clone(propertyClosure[p]) }

// IsInstance reports whether a node typed t is an instance of class, by the
// fixed hierarchy of the materialisation rules.
func IsInstance(t, class string) bool {
	return t == class || slices.Contains(classClosure[t], class)
}

// Materialise returns quads followed by the quads implied by the fixed rule
// list of model.md §1.6, each derived quad in the graph of the quad that
// triggered it, without duplicates of quads already there:
//
//  1. types: every super-class of a radn class, and the bridges
//     (skos:Concept ⇒ schema:DefinedTerm, skos:ConceptScheme ⇒
//     schema:DefinedTermSet, org:Role ⇒ skos:Concept, org:Membership ⇒
//     schema:OrganizationRole, schema:Project ⇒ schema:Organization, …);
//  2. every transitive super-property of a radn property, and the bridges
//     (skos:prefLabel ⇒ schema:name, skos:definition ⇒ schema:description,
//     skos:topConceptOf ⇒ skos:inScheme ⇒ schema:inDefinedTermSet,
//     org:subOrganizationOf ⇒ schema:parentOrganization);
//  3. inverses: org:subOrganizationOf ⇒ schema:subOrganization,
//     radn:deliverable ⇒ schema:creator, schema:itemReviewed ⇒ schema:review;
//  4. skos:notation ⇒ schema:termCode as a plain string;
//  5. for each org:Membership M with org:organization O and org:member P:
//     O schema:member M and M schema:member P; and its schema:startDate /
//     schema:endDate as an OWL-Time org:memberDuring interval (nodes
//     M#periode, M#debut, M#fin) unless M already has one.
//
// It is applied to ruche's own data (seed, write API), never to imports. The
// result is a fixpoint: Materialise(Materialise(q)) adds nothing.
func Materialise(quads []rdf.Quad) []rdf.Quad {
	m := materialiser{seen: make(map[rdf.Quad]struct{}, len(quads)*2)}
	m.out = make([]rdf.Quad, 0, len(quads)*2)
	for _, q := range quads {
		m.seen[q] = struct{}{}
		m.out = append(m.out, q)
	}
	for i := 0; i < len(m.out); i++ {
		m.perQuad(m.out[i])
	}
	n := len(m.out)
	m.memberships()
	for i := n; i < len(m.out); i++ {
		m.perQuad(m.out[i])
	}
	return m.out
}

type materialiser struct {
	out  []rdf.Quad
	seen map[rdf.Quad]struct{}
}

func (m *materialiser) add(s, p, o, g rdf.Term) {
	q := rdf.Quad{S: s, P: p, O: o, G: g}
	if _, ok := m.seen[q]; ok {
		return
	}
	m.seen[q] = struct{}{}
	m.out = append(m.out, q)
}

func (m *materialiser) perQuad(q rdf.Quad) {
	if !q.P.IsIRI() {
		return
	}
	p := q.P.Value
	if p == RDFType && q.O.IsIRI() {
		for _, c := range classClosure[q.O.Value] {
			m.add(q.S, q.P, rdf.IRI(c), q.G)
		}
		return
	}
	for _, sp := range propertyClosure[p] {
		m.add(q.S, rdf.IRI(sp), q.O, q.G)
	}
	if !q.O.IsLiteral() {
		if inv, ok := inverses[p]; ok {
			m.add(q.O, rdf.IRI(inv), q.S, q.G)
		}
		for _, sp := range propertyClosure[p] {
			if inv, ok := inverses[sp]; ok {
				m.add(q.O, rdf.IRI(inv), q.S, q.G)
			}
		}
	}
	if p == SKOSNotation && q.O.IsLiteral() {
		m.add(q.S, rdf.IRI(SchemaTermCode), rdf.String(q.O.Value), q.G)
	}
}

// memberships applies rule 5.
func (m *materialiser) memberships() {
	type membership struct {
		isMembership bool
		org, member  []rdf.Quad
		start, end   []rdf.Quad
		hasDuring    bool
	}
	byNode := map[rdf.Term]*membership{}
	var order []rdf.Term
	get := func(t rdf.Term) *membership {
		ms, ok := byNode[t]
		if !ok {
			ms = &membership{}
			byNode[t] = ms
			order = append(order, t)
		}
		return ms
	}
	for _, q := range m.out {
		switch q.P.Value {
		case RDFType:
			if q.O.Value == OrgMembership && q.O.IsIRI() {
				get(q.S).isMembership = true
			}
		case OrgOrganizationProp:
			get(q.S).org = append(get(q.S).org, q)
		case OrgMember:
			get(q.S).member = append(get(q.S).member, q)
		case SchemaStartDate:
			get(q.S).start = append(get(q.S).start, q)
		case SchemaEndDate:
			get(q.S).end = append(get(q.S).end, q)
		case OrgMemberDuring:
			get(q.S).hasDuring = true
		}
	}
	for _, node := range order {
		ms := byNode[node]
		if !ms.isMembership {
			continue
		}
		for _, oq := range ms.org {
			if oq.O.IsLiteral() {
				continue
			}
			m.add(oq.O, rdf.IRI(SchemaMember), node, oq.G)
		}
		for _, pq := range ms.member {
			if pq.O.IsLiteral() {
				continue
			}
			m.add(node, rdf.IRI(SchemaMember), pq.O, pq.G)
		}
		if ms.hasDuring || len(ms.start) != 1 || len(ms.end) > 1 {
			continue
		}
		m.interval(node, ms.start[0], ms.end)
	}
}

// interval writes the OWL-Time interval of a membership from its dates.
func (m *materialiser) interval(node rdf.Term, start rdf.Quad, end []rdf.Quad) {
	if start.O.Datatype != XSDDate {
		return
	}
	g := start.G
	period, begin, finish := derivedNode(node, "periode"), derivedNode(node, "debut"), derivedNode(node, "fin")
	typ := rdf.IRI(RDFType)
	m.add(node, rdf.IRI(OrgMemberDuring), period, g)
	m.add(period, typ, rdf.IRI(TimeProperInterval), g)
	m.add(period, rdf.IRI(TimeHasBeginning), begin, g)
	m.add(begin, typ, rdf.IRI(TimeInstant), g)
	m.add(begin, rdf.IRI(TimeInXSDDate), start.O, g)
	if len(end) == 1 && end[0].O.Datatype == XSDDate {
		m.add(period, rdf.IRI(TimeHasEnd), finish, g)
		m.add(finish, typ, rdf.IRI(TimeInstant), g)
		m.add(finish, rdf.IRI(TimeInXSDDate), end[0].O, g)
	}
}

// derivedNode names a node derived from n: a fragment of n's document when n
// is an IRI without fragment, else a suffixed IRI or blank node.
func derivedNode(n rdf.Term, name string) rdf.Term {
	switch {
	case n.IsIRI() && !strings.Contains(n.Value, "#"):
		return rdf.IRI(n.Value + "#" + name)
	case n.IsIRI():
		return rdf.IRI(n.Value + "-" + name)
	default:
		return rdf.Blank(n.Value + "-" + name)
	}
}

// SchemaHTTPS is the https spelling of the schema.org namespace, accepted on
// input and rewritten to SchemaNS by NormaliseSchemaOrg.
const SchemaHTTPS = "https://schema.org/"

// NormaliseSchemaOrg returns quads with every IRI in the https://schema.org/
// namespace rewritten to http://schema.org/ (model.md §1.1: schema.org's own
// context, Artsdata and ruche's store all use http), including literal
// datatypes. Quads without such IRIs are returned unchanged; the input slice
// is not modified. Apply it to ruche's own writes before Materialise.
func NormaliseSchemaOrg(quads []rdf.Quad) []rdf.Quad {
	fix := func(t rdf.Term) (rdf.Term, bool) {
		changed := false
		if t.IsIRI() && strings.HasPrefix(t.Value, SchemaHTTPS) {
			t.Value = SchemaNS + t.Value[len(SchemaHTTPS):]
			changed = true
		}
		if t.IsLiteral() && strings.HasPrefix(t.Datatype, SchemaHTTPS) {
			t.Datatype = SchemaNS + t.Datatype[len(SchemaHTTPS):]
			changed = true
		}
		return t, changed
	}
	out := quads
	copied := false
	for i, q := range quads {
		s, c1 := fix(q.S)
		p, c2 := fix(q.P)
		o, c3 := fix(q.O)
		g, c4 := fix(q.G)
		if !(c1 || c2 || c3 || c4) {
			continue
		}
		if !copied {
			out = slices.Clone(quads)
			copied = true
		}
		out[i] = rdf.Quad{S: s, P: p, O: o, G: g}
	}
	return out
}
