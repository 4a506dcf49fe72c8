package web

import (
	"fmt"
	"strconv"
)

// messages is the interface message catalogue: key → [French, English].
// French is the reference; an English entry left empty falls back to it.
var messages = map[string][2]string{
	"colon":                {"\u00a0: ", ": "}, // French puts a no-break space before the colon
	"site.name":            {"Chantiers du Réseau ADN", "Réseau ADN chantiers"},
	"site.tagline":         {"Données ouvertes liées sur les chantiers du Réseau des agents de développement culturel numérique", "Linked open data about the chantiers of the network of digital culture development agents"},
	"skip":                 {"Aller au contenu", "Skip to content"},
	"nav.label":            {"Navigation principale", "Main navigation"},
	"nav.home":             {"Accueil", "Home"},
	"nav.chantiers":        {"Chantiers", "Chantiers"},
	"nav.themes":           {"Thèmes", "Themes"},
	"nav.legs":             {"Legs", "Legacies"},
	"nav.sparql":           {"SPARQL", "SPARQL"},
	"nav.donnees":          {"Données", "Data"},
	"lang.switch":          {"Langue", "Language"},
	"lang.fr":              {"Français", "Français"},
	"lang.en":              {"English", "English"},
	"footer.licence":       {"Données structurées sous licence CC0 1.0 ; textes cités du Wiki des ADN sous licence CC BY-NC-SA.", "Structured data under CC0 1.0; texts quoted from the Wiki des ADN under CC BY-NC-SA."},
	"footer.void":          {"Description du jeu de données", "Dataset description"},
	"footer.dumps":         {"Téléchargements", "Downloads"},
	"propose.title":        {"Proposer un chantier", "Propose a chantier"},
	"propose.intro":        {"Réservé à l’équipe de coordination (jeton d’accès). Un premier envoi montre les chantiers semblables, pour éviter les doublons ; le second crée le chantier.", "For the coordination team (access token). A first submit shows similar chantiers, to avoid duplicates; the second creates the chantier."},
	"propose.similar":      {"Chantiers semblables", "Similar chantiers"},
	"propose.check":        {"Avant de créer un nouveau chantier, vérifiez qu’il ne double pas l’un de ceux-ci :", "Before creating a new chantier, check that it does not duplicate one of these:"},
	"propose.likeness":     {"ressemblance", "likeness"},
	"propose.nosimilar":    {"Aucun chantier semblable n’a été trouvé.", "No similar chantier was found."},
	"propose.token":        {"Jeton d’accès", "Access token"},
	"propose.name":         {"Nom du chantier (en français)", "Name of the chantier (in French)"},
	"propose.definition":   {"Définition", "Definition"},
	"propose.create":       {"Créer le chantier", "Create the chantier"},
	"propose.verify":       {"Vérifier les doublons", "Check for duplicates"},
	"propose.badtoken":     {"Jeton d’accès invalide.", "Invalid access token."},
	"propose.throttled":    {"Trop d’essais de jeton invalides : réessayez dans une minute.", "Too many invalid token attempts: try again in a minute."},
	"propose.forbidden":    {"Seule l’équipe de coordination peut créer un chantier.", "Only the coordination team can create a chantier."},
	"propose.noname":       {"Le nom est requis.", "The name is required."},
	"footer.writing":       {"Écrire des données", "Writing data"},
	"footer.propose":       {"Proposer un chantier", "Propose a chantier"},
	"footer.openapi":       {"API (OpenAPI)", "API (OpenAPI)"},
	"home.guides":          {"Réutiliser et contribuer", "Reuse and contribute"},
	"footer.vocab":         {"Vocabulaire", "Vocabulary"},
	"footer.modified":      {"Données modifiées le", "Data modified on"},
	"alt.heading":          {"Autres formats", "Other formats"},
	"alt.jsonld":           {"JSON-LD", "JSON-LD"},
	"alt.turtle":           {"Turtle", "Turtle"},
	"alt.ntriples":         {"N-Triples", "N-Triples"},
	"sparql.ask":           {"Interroger en SPARQL", "Query with SPARQL"},
	"home.list":            {"Les chantiers", "The chantiers"},
	"home.charts":          {"En un coup d’œil", "At a glance"},
	"chart.kinds":          {"Chantiers par type et par statut", "Chantiers by kind and status"},
	"chart.lineage":        {"Filiation des chantiers", "Lineage of the chantiers"},
	"chart.participants":   {"Nombre de participant·e·s au fil du temps", "Number of participants over time"},
	"field.iri":            {"Identifiant", "Identifier"},
	"field.kind":           {"Type", "Kind"},
	"kind.none":            {"type non précisé", "kind not specified"},
	"field.kinds":          {"Types de chantier", "Chantier kinds"},
	"field.themes":         {"Thèmes", "Themes"},
	"field.status":         {"Statut", "Status"},
	"field.founded":        {"Ouverture", "Founded"},
	"field.dissolved":      {"Fermeture", "Closed"},
	"field.parent":         {"Fait partie de", "Part of"},
	"field.alternate":      {"Autres noms", "Other names"},
	"field.type":           {"Type", "Type"},
	"field.types":          {"Types", "Types"},
	"field.property":       {"Propriété", "Property"},
	"field.value":          {"Valeur", "Value"},
	"field.source":         {"Source", "Source"},
	"field.licence":        {"Licence du texte", "Text licence"},
	"field.role":           {"Rôle", "Role"},
	"field.since":          {"depuis le", "since"},
	"field.deadline":       {"Échéance", "Deadline"},
	"chantier.def":         {"Définition initiale", "Initial definition"},
	"chantier.desc":        {"Description actuelle", "Current description"},
	"chantier.obj":         {"Objectifs", "Objectives"},
	"chantier.smart.s":     {"Spécifique", "Specific"},
	"chantier.smart.m":     {"Mesurable", "Measurable"},
	"chantier.smart.a":     {"Atteignable", "Achievable"},
	"chantier.smart.r":     {"Réaliste", "Realistic"},
	"chantier.outputs":     {"Livrables et legs", "Deliverables and legacies"},
	"chantier.deliv":       {"Livrables", "Deliverables"},
	"chantier.legs":        {"Legs", "Legacies"},
	"chantier.people":      {"Participation", "Participation"},
	"chantier.count":       {"participant·e au total.", "participant in all."},
	"chantier.count.other": {"participant·e·s au total.", "participants in all."},
	"chantier.named":       {"Personnes ayant accepté d’être nommées :", "People who agreed to be named:"},
	"chantier.nocount":     {"Le nombre de participant·e·s n’est pas publié.", "The number of participants is not published."},
	"chantier.nomembers":   {"Aucune personne n’a accepté d’être nommée.", "Nobody has agreed to be named."},
	"chantier.lineage":     {"Filiation", "Lineage"},
	"chantier.from":        {"Issu de", "Emerged from"},
	"chantier.to":          {"A donné naissance à", "Gave rise to"},
	"chantier.needs":       {"Besoins d’accompagnement", "Support needs"},
	"chantier.eval":        {"Dernière analyse de la continuité", "Latest continuity evaluation"},
	"chantier.decision":    {"Décision", "Decision"},
	"chantier.criterion":   {"Critère", "Criterion"},
	"chantier.rating":      {"Appréciation", "Rating"},
	"chantier.indic":       {"Indicateurs", "Indicators"},
	"chantier.none":        {"Aucun pour l’instant.", "None yet."},
	"embed.heading":        {"Intégrer", "Embed"},
	"embed.snippet":        {"Extrait JSON-LD à coller dans votre page (schema.org) :", "JSON-LD snippet to paste in your page (schema.org):"},
	"embed.iframe":         {"Carte à intégrer dans un cadre (iframe) :", "Card to embed in an iframe:"},
	"embed.widget":         {"Ou le module JavaScript :", "Or the JavaScript widget:"},
	"embed.more":           {"Voir la fiche complète", "See the full page"},
	"coll.filters":         {"Filtrer", "Filter"},
	"coll.all":             {"Tous", "All"},
	"coll.apply":           {"Appliquer", "Apply"},
	"coll.total":           {"élément", "item"},
	"coll.total.other":     {"éléments", "items"},
	"coll.page":            {"Page", "Page"},
	"coll.paging":          {"Pagination", "Pagination"},
	"coll.first":           {"Première", "First"},
	"coll.prev":            {"Précédente", "Previous"},
	"coll.next":            {"Suivante", "Next"},
	"coll.last":            {"Dernière", "Last"},
	"coll.empty":           {"Aucun élément ne correspond.", "No item matches."},
	"error.heading":        {"Erreur", "Error"},
	"error.request":        {"Référence de la requête", "Request reference"},
	"error.home":           {"Retour à l’accueil", "Back to the home page"},
	"error.detail":         {"Détail technique", "Technical detail"},
	"status.400":           {"Requête incorrecte", "Bad request"},
	"status.400.text":      {"La demande est mal formée : vérifiez l’adresse et ses paramètres.", "The request is malformed: check the address and its parameters."},
	"status.401":           {"Authentification requise", "Authentication required"},
	"status.403":           {"Accès refusé", "Forbidden"},
	"status.404":           {"Page introuvable", "Page not found"},
	"status.404.text":      {"Aucune page ne se trouve à cette adresse. Elle a peut-être été déplacée, ou l’adresse contient une faute.", "There is no page at this address. It may have moved, or the address may contain a typo."},
	"status.405":           {"Méthode non permise", "Method not allowed"},
	"status.406":           {"Format non disponible", "Format not available"},
	"status.410":           {"Ressource retirée", "Resource withdrawn"},
	"status.410.text":      {"Cette ressource a été retirée et n’est plus publiée.", "This resource has been withdrawn and is no longer published."},
	"status.413":           {"Requête trop volumineuse", "Request too large"},
	"status.415":           {"Format de contenu non pris en charge", "Unsupported content type"},
	"status.422":           {"Données non valides", "Invalid data"},
	"status.429":           {"Trop de requêtes", "Too many requests"},
	"status.429.text":      {"Vous avez utilisé votre temps de requête pour l’instant ; réessayez dans un moment.", "You have used your query time for now; try again in a moment."},
	"status.500":           {"Erreur du serveur", "Server error"},
	"status.503":           {"Service momentanément indisponible", "Service temporarily unavailable"},
	"status.503.text":      {"Le service est occupé ou la requête a dépassé sa limite ; réessayez dans un moment.", "The service is busy or the query went past its limit; try again in a moment."},
	"sparql.syntax":        {"La requête n’est pas du SPARQL valide", "The query is not valid SPARQL"},
	"sparql.position":      {"ligne %d, colonne %d", "line %d, column %d"},
	"sparql.title":         {"Interroger les données en SPARQL", "Query the data with SPARQL"},
	"sparql.intro":         {"Point d’accès SPARQL 1.1 en lecture seule. Le graphe par défaut réunit toutes les données publiques.", "Read-only SPARQL 1.1 endpoint. The default graph is the union of all public data."},
	"sparql.examples":      {"Exemples de requêtes", "Example queries"},
	"sparql.editor":        {"Éditeur", "Editor"},
	"sparql.query":         {"Requête", "Query"},
	"sparql.run":           {"Exécuter", "Run"},
	"sparql.format":        {"Format", "Format"},
	"sparql.html":          {"Tableau", "Table"},
	"sparql.csv":           {"Télécharger en CSV", "Download as CSV"},
	"sparql.results":       {"Résultats", "Results"},
	"sparql.truncated":     {"Résultats tronqués à la limite du serveur.", "Results cut at the server limit."},
	"sparql.noresult":      {"Aucun résultat.", "No result."},
	"sparql.nojs":          {"Sans JavaScript, utilisez ce formulaire : les résultats s’affichent sous forme de tableau.", "Without JavaScript, use this form: results are shown as a table."},
	"sparql.error":         {"Erreur de requête", "Query error"},
}

// Languages lists the interface languages, the first being the default.
var Languages = []string{"fr", "en"}

// lang maps any tag to a supported interface language: "en" (or "en-…")
// gives English, anything else French.
func lang(tag string) string {
	if tag == "en" || len(tag) > 3 && tag[:3] == "en-" {
		return "en"
	}
	return "fr"
}

// T returns the interface string key in the language tag (see lang), the
// French string when the English one is missing, and the key itself when
// the key is unknown (so a missing message shows and a test catches it).
func T(tag, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang(tag) == "en" && m[1] != "" {
		return m[1]
	}
	return m[0]
}

// L returns the interface language of the page: "fr" or "en".
func (p Page) L() string { return lang(p.Lang) }

// Plural returns the message key for a count n: key itself for the
// singular, key+".other" for the plural. French takes the singular for 0
// and 1 (« 0 élément », « 1 élément »), English for 1 only.
func Plural(tag string, n int, key string) string {
	singular := n == 1
	if lang(tag) == "fr" {
		singular = n == 0 || n == 1
	}
	if singular {
		return T(tag, key)
	}
	return T(tag, key+".other")
}

var monthsLong = [2][12]string{
	{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// LongDate writes a date of the data (xsd:date, gYearMonth or gYear
// lexical form, or the date part of a date-time) in prose: « 1er septembre
// 2026 », « septembre 2026 » in French, "September 1, 2026" in English.
// Anything else is returned as it is.
func LongDate(tag, v string) string {
	en := lang(tag) == "en"
	li := 0
	if en {
		li = 1
	}
	var y, m, d int
	switch {
	case len(v) >= 10 && v[4] == '-' && v[7] == '-':
		if _, err := fmt.Sscanf(v[:10], "%4d-%2d-%2d", &y, &m, &d); err != nil || m < 1 || m > 12 || d < 1 || d > 31 {
			return v
		}
	case len(v) == 7 && v[4] == '-':
		if _, err := fmt.Sscanf(v, "%4d-%2d", &y, &m); err != nil || m < 1 || m > 12 {
			return v
		}
		return monthsLong[li][m-1] + " " + strconv.Itoa(y)
	default:
		return v
	}
	month := monthsLong[li][m-1]
	if en {
		return fmt.Sprintf("%s %d, %d", month, d, y)
	}
	day := strconv.Itoa(d)
	if d == 1 {
		day = "1er"
	}
	return day + " " + month + " " + strconv.Itoa(y)
}

// T returns the interface string key in the page's language.
func (p Page) T(key string) string { return T(p.Lang, key) }

// NavLabel is the label of a navigation entry in the page's language.
func (p Page) NavLabel(it NavItem) string {
	if it.Title[0] == "" {
		return p.T("nav." + it.Key)
	}
	if p.L() == "en" && it.Title[1] != "" {
		return it.Title[1]
	}
	return it.Title[0]
}

// Path prefixes a site path with the page's language, /fr/… or /en/…, so
// that a reader's choice of language holds from page to page.
func (p Page) Path(path string) string {
	return "/" + p.L() + path
}

// T returns the interface string key in the card's language.
func (c CardView) T(key string) string { return T(c.Lang, key) }

// L returns the interface language of the card: "fr" or "en".
func (c CardView) L() string { return lang(c.Lang) }
