package vocab

// Namespaces of the vocabularies ruche writes. The radn namespace is fixed,
// whatever the base IRI the server runs under.
const (
	RadnNS = "https://w3id.org/radn/vocab#"
	// RadnOntology is the IRI of the vocabulary document (owl:Ontology).
	RadnOntology = "https://w3id.org/radn/vocab"
	// RadnVersion is the owl:versionInfo of radn.ttl; its owl:versionIRI is
	// RadnOntology + "/" + RadnVersion.
	RadnVersion = "0.1.0"
	SchemaNS    = "http://schema.org/"
	OrgNS       = "http://www.w3.org/ns/org#"
	SKOSNS      = "http://www.w3.org/2004/02/skos/core#"
	ProvNS      = "http://www.w3.org/ns/prov#"
	DCTermsNS   = "http://purl.org/dc/terms/"
	TimeNS      = "http://www.w3.org/2006/time#"
	FOAFNS      = "http://xmlns.com/foaf/0.1/"
	ADMSNS      = "http://www.w3.org/ns/adms#"
	RDFNS       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFSNS      = "http://www.w3.org/2000/01/rdf-schema#"
	OWLNS       = "http://www.w3.org/2002/07/owl#"
	XSDNS       = "http://www.w3.org/2001/XMLSchema#"
	SHNS        = "http://www.w3.org/ns/shacl#"
	VANNNS      = "http://purl.org/vocab/vann/"
	VoIDNS      = "http://rdfs.org/ns/void#"
	DCATNS      = "http://www.w3.org/ns/dcat#"
)

// radn classes (vocab/radn.ttl).
const (
	RadnChantier             = RadnNS + "Chantier"
	RadnChantierKind         = RadnNS + "ChantierKind"
	RadnHostOrganization     = RadnNS + "HostOrganization"
	RadnObjective            = RadnNS + "Objective"
	RadnSmartObjective       = RadnNS + "SmartObjective"
	RadnDeliverable          = RadnNS + "Deliverable"
	RadnLegacy               = RadnNS + "Legacy"
	RadnContinuityEvaluation = RadnNS + "ContinuityEvaluation"
	RadnCriterionAssessment  = RadnNS + "CriterionAssessment"
	RadnSupportNeed          = RadnNS + "SupportNeed"
	RadnChantierOpening      = RadnNS + "ChantierOpening"
	RadnChantierClosure      = RadnNS + "ChantierClosure"
)

// radn properties (vocab/radn.ttl). A property whose local name differs from
// a class only by case carries the suffix Prop.
const (
	RadnKind              = RadnNS + "kind"
	RadnTheme             = RadnNS + "theme"
	RadnSector            = RadnNS + "sector"
	RadnInitialDefinition = RadnNS + "initialDefinition"
	RadnStatus            = RadnNS + "status"
	RadnObjectiveProp     = RadnNS + "objective"
	RadnSpecific          = RadnNS + "specific"
	RadnMeasurable        = RadnNS + "measurable"
	RadnAchievable        = RadnNS + "achievable"
	RadnRealistic         = RadnNS + "realistic"
	RadnTimeBound         = RadnNS + "timeBound"
	RadnDeliverableProp   = RadnNS + "deliverable"
	RadnHasLegacy         = RadnNS + "hasLegacy"
	RadnAssessment        = RadnNS + "assessment"
	RadnCriterion         = RadnNS + "criterion"
	RadnIndicator         = RadnNS + "indicator"
	RadnDecision          = RadnNS + "decision"
	RadnSupportNeedProp   = RadnNS + "supportNeed"
	RadnNeedType          = RadnNS + "needType"
	RadnAddressedTo       = RadnNS + "addressedTo"
	RadnParticipantCount  = RadnNS + "participantCount"
	RadnRegionCount       = RadnNS + "regionCount"
	RadnSectorCount       = RadnNS + "sectorCount"
	RadnFulfilledBy       = RadnNS + "fulfilledBy"
)

// RadnClasses lists every radn class, in the order of radn.ttl.
var RadnClasses = []string{
	RadnChantier, RadnChantierKind, RadnHostOrganization, RadnObjective, RadnSmartObjective,
	RadnDeliverable, RadnLegacy, RadnContinuityEvaluation, RadnCriterionAssessment,
	RadnSupportNeed, RadnChantierOpening, RadnChantierClosure,
}

// RadnProperties lists every radn property, in the order of radn.ttl.
var RadnProperties = []string{
	RadnKind, RadnTheme, RadnSector, RadnInitialDefinition, RadnStatus, RadnObjectiveProp,
	RadnSpecific, RadnMeasurable, RadnAchievable, RadnRealistic, RadnTimeBound,
	RadnDeliverableProp, RadnHasLegacy, RadnAssessment, RadnCriterion, RadnIndicator,
	RadnDecision, RadnSupportNeedProp, RadnNeedType, RadnAddressedTo, RadnParticipantCount,
	RadnRegionCount, RadnSectorCount, RadnFulfilledBy,
}

// schema.org terms used by ruche (http://schema.org/, never https).
const (
	SchemaThing              = SchemaNS + "Thing"
	SchemaOrganization       = SchemaNS + "Organization"
	SchemaProject            = SchemaNS + "Project"
	SchemaPerson             = SchemaNS + "Person"
	SchemaIntangible         = SchemaNS + "Intangible"
	SchemaCreativeWork       = SchemaNS + "CreativeWork"
	SchemaReview             = SchemaNS + "Review"
	SchemaRating             = SchemaNS + "Rating"
	SchemaDemand             = SchemaNS + "Demand"
	SchemaEvent              = SchemaNS + "Event"
	SchemaDefinedTerm        = SchemaNS + "DefinedTerm"
	SchemaDefinedTermSet     = SchemaNS + "DefinedTermSet"
	SchemaOrganizationRole   = SchemaNS + "OrganizationRole"
	SchemaAdministrativeArea = SchemaNS + "AdministrativeArea"
	SchemaDataset            = SchemaNS + "Dataset"
	SchemaWebPage            = SchemaNS + "WebPage"

	SchemaName               = SchemaNS + "name"
	SchemaAlternateName      = SchemaNS + "alternateName"
	SchemaDescription        = SchemaNS + "description"
	SchemaURL                = SchemaNS + "url"
	SchemaSameAs             = SchemaNS + "sameAs"
	SchemaAdditionalType     = SchemaNS + "additionalType"
	SchemaKeywords           = SchemaNS + "keywords"
	SchemaLicense            = SchemaNS + "license"
	SchemaParentOrganization = SchemaNS + "parentOrganization"
	SchemaSubOrganization    = SchemaNS + "subOrganization"
	SchemaMember             = SchemaNS + "member"
	SchemaRoleName           = SchemaNS + "roleName"
	SchemaStartDate          = SchemaNS + "startDate"
	SchemaEndDate            = SchemaNS + "endDate"
	SchemaFoundingDate       = SchemaNS + "foundingDate"
	SchemaDissolutionDate    = SchemaNS + "dissolutionDate"
	SchemaDateCreated        = SchemaNS + "dateCreated"
	SchemaDateModified       = SchemaNS + "dateModified"
	SchemaDatePublished      = SchemaNS + "datePublished"
	SchemaJobTitle           = SchemaNS + "jobTitle"
	SchemaWorksFor           = SchemaNS + "worksFor"
	SchemaAreaServed         = SchemaNS + "areaServed"
	SchemaEmail              = SchemaNS + "email"
	SchemaTelephone          = SchemaNS + "telephone"
	SchemaImage              = SchemaNS + "image"
	SchemaCreator            = SchemaNS + "creator"
	SchemaAuthor             = SchemaNS + "author"
	SchemaCreativeWorkStatus = SchemaNS + "creativeWorkStatus"
	SchemaItemReviewed       = SchemaNS + "itemReviewed"
	SchemaReviewProp         = SchemaNS + "review"
	SchemaReviewRating       = SchemaNS + "reviewRating"
	SchemaReviewAspect       = SchemaNS + "reviewAspect"
	SchemaRatingValue        = SchemaNS + "ratingValue"
	SchemaBestRating         = SchemaNS + "bestRating"
	SchemaWorstRating        = SchemaNS + "worstRating"
	SchemaRatingExplanation  = SchemaNS + "ratingExplanation"
	SchemaSeeks              = SchemaNS + "seeks"
	SchemaRecipient          = SchemaNS + "recipient"
	SchemaValidFrom          = SchemaNS + "validFrom"
	SchemaSubEvent           = SchemaNS + "subEvent"
	SchemaSuperEvent         = SchemaNS + "superEvent"
	SchemaInDefinedTermSet   = SchemaNS + "inDefinedTermSet"
	SchemaHasDefinedTerm     = SchemaNS + "hasDefinedTerm"
	SchemaTermCode           = SchemaNS + "termCode"
	SchemaVersion            = SchemaNS + "version"
	SchemaHasPart            = SchemaNS + "hasPart"
	SchemaMainEntityOfPage   = SchemaNS + "mainEntityOfPage"
	SchemaInLanguage         = SchemaNS + "inLanguage"
	SchemaAudience           = SchemaNS + "audience"
	SchemaDomainIncludes     = SchemaNS + "domainIncludes"
	SchemaRangeIncludes      = SchemaNS + "rangeIncludes"
)

// W3C Organization Ontology terms.
const (
	OrgOrganization          = OrgNS + "Organization"
	OrgMembership            = OrgNS + "Membership"
	OrgRole                  = OrgNS + "Role"
	OrgChangeEvent           = OrgNS + "ChangeEvent"
	OrgSubOrganizationOf     = OrgNS + "subOrganizationOf"
	OrgHasSubOrganization    = OrgNS + "hasSubOrganization"
	OrgClassification        = OrgNS + "classification"
	OrgPurpose               = OrgNS + "purpose"
	OrgMember                = OrgNS + "member"
	OrgOrganizationProp      = OrgNS + "organization"
	OrgRoleProp              = OrgNS + "role"
	OrgMemberDuring          = OrgNS + "memberDuring"
	OrgResultedFrom          = OrgNS + "resultedFrom"
	OrgResultingOrganization = OrgNS + "resultingOrganization"
	OrgChangedBy             = OrgNS + "changedBy"
	OrgOriginalOrganization  = OrgNS + "originalOrganization"
)

// SKOS terms.
const (
	SKOSConcept       = SKOSNS + "Concept"
	SKOSConceptScheme = SKOSNS + "ConceptScheme"
	SKOSCollection    = SKOSNS + "Collection"
	SKOSPrefLabel     = SKOSNS + "prefLabel"
	SKOSAltLabel      = SKOSNS + "altLabel"
	SKOSHiddenLabel   = SKOSNS + "hiddenLabel"
	SKOSDefinition    = SKOSNS + "definition"
	SKOSScopeNote     = SKOSNS + "scopeNote"
	SKOSEditorialNote = SKOSNS + "editorialNote"
	SKOSNotation      = SKOSNS + "notation"
	SKOSInScheme      = SKOSNS + "inScheme"
	SKOSTopConceptOf  = SKOSNS + "topConceptOf"
	SKOSHasTopConcept = SKOSNS + "hasTopConcept"
	SKOSBroader       = SKOSNS + "broader"
	SKOSNarrower      = SKOSNS + "narrower"
	SKOSRelated       = SKOSNS + "related"
	SKOSMember        = SKOSNS + "member"
	SKOSCloseMatch    = SKOSNS + "closeMatch"
)

// PROV-O terms.
const (
	ProvEntity         = ProvNS + "Entity"
	ProvActivity       = ProvNS + "Activity"
	ProvWasDerivedFrom = ProvNS + "wasDerivedFrom"
	ProvWasRevisionOf  = ProvNS + "wasRevisionOf"
	ProvStartedAtTime  = ProvNS + "startedAtTime"
	ProvEndedAtTime    = ProvNS + "endedAtTime"
	ProvUsed           = ProvNS + "used"
	ProvWasGeneratedBy = ProvNS + "wasGeneratedBy"
	ProvWasInformedBy  = ProvNS + "wasInformedBy"
)

// DCMI terms.
const (
	DCTermsTitle        = DCTermsNS + "title"
	DCTermsDescription  = DCTermsNS + "description"
	DCTermsSource       = DCTermsNS + "source"
	DCTermsLicense      = DCTermsNS + "license"
	DCTermsSubject      = DCTermsNS + "subject"
	DCTermsType         = DCTermsNS + "type"
	DCTermsDate         = DCTermsNS + "date"
	DCTermsRelation     = DCTermsNS + "relation"
	DCTermsExtent       = DCTermsNS + "extent"
	DCTermsIssued       = DCTermsNS + "issued"
	DCTermsCreated      = DCTermsNS + "created"
	DCTermsModified     = DCTermsNS + "modified"
	DCTermsIsVersionOf  = DCTermsNS + "isVersionOf"
	DCTermsHasVersion   = DCTermsNS + "hasVersion"
	DCTermsRights       = DCTermsNS + "rights"
	DCTermsRightsHolder = DCTermsNS + "rightsHolder"
)

// OWL-Time, FOAF, ADMS, RDF(S), OWL, VANN, VoID and XSD terms.
const (
	TimeProperInterval = TimeNS + "ProperInterval"
	TimeInstant        = TimeNS + "Instant"
	TimeHasBeginning   = TimeNS + "hasBeginning"
	TimeHasEnd         = TimeNS + "hasEnd"
	TimeInXSDDate      = TimeNS + "inXSDDate"

	FOAFPerson = FOAFNS + "Person"

	ADMSStatus = ADMSNS + "status"

	RDFType       = RDFNS + "type"
	RDFProperty   = RDFNS + "Property"
	RDFLangString = RDFNS + "langString"
	RDFFirst      = RDFNS + "first"
	RDFRest       = RDFNS + "rest"
	RDFNil        = RDFNS + "nil"

	RDFSClass         = RDFSNS + "Class"
	RDFSLabel         = RDFSNS + "label"
	RDFSComment       = RDFSNS + "comment"
	RDFSSubClassOf    = RDFSNS + "subClassOf"
	RDFSSubPropertyOf = RDFSNS + "subPropertyOf"
	RDFSIsDefinedBy   = RDFSNS + "isDefinedBy"
	RDFSSeeAlso       = RDFSNS + "seeAlso"

	OWLOntology    = OWLNS + "Ontology"
	OWLClass       = OWLNS + "Class"
	OWLVersionIRI  = OWLNS + "versionIRI"
	OWLVersionInfo = OWLNS + "versionInfo"

	VoIDDataset = VoIDNS + "Dataset"

	VANNPreferredNamespacePrefix = VANNNS + "preferredNamespacePrefix"
	VANNPreferredNamespaceURI    = VANNNS + "preferredNamespaceUri"

	XSDString             = XSDNS + "string"
	XSDBoolean            = XSDNS + "boolean"
	XSDInteger            = XSDNS + "integer"
	XSDNonNegativeInteger = XSDNS + "nonNegativeInteger"
	XSDDecimal            = XSDNS + "decimal"
	XSDDate               = XSDNS + "date"
	XSDDateTime           = XSDNS + "dateTime"
	XSDGYear              = XSDNS + "gYear"
	XSDGYearMonth         = XSDNS + "gYearMonth"
)

// SHACL terms read by the shapes compiler and named in violations.
const (
	SHNodeShape          = SHNS + "NodeShape"
	SHPropertyShape      = SHNS + "PropertyShape"
	SHTargetClass        = SHNS + "targetClass"
	SHTargetNode         = SHNS + "targetNode"
	SHTargetSubjectsOf   = SHNS + "targetSubjectsOf"
	SHTargetObjectsOf    = SHNS + "targetObjectsOf"
	SHProperty           = SHNS + "property"
	SHPath               = SHNS + "path"
	SHMinCount           = SHNS + "minCount"
	SHMaxCount           = SHNS + "maxCount"
	SHDatatype           = SHNS + "datatype"
	SHClass              = SHNS + "class"
	SHNodeKind           = SHNS + "nodeKind"
	SHIn                 = SHNS + "in"
	SHPattern            = SHNS + "pattern"
	SHFlags              = SHNS + "flags"
	SHMinLength          = SHNS + "minLength"
	SHMaxLength          = SHNS + "maxLength"
	SHLanguageIn         = SHNS + "languageIn"
	SHUniqueLang         = SHNS + "uniqueLang"
	SHLessThan           = SHNS + "lessThan"
	SHLessThanOrEquals   = SHNS + "lessThanOrEquals"
	SHOr                 = SHNS + "or"
	SHQualifiedShape     = SHNS + "qualifiedValueShape"
	SHQualifiedMinCount  = SHNS + "qualifiedMinCount"
	SHQualifiedMaxCount  = SHNS + "qualifiedMaxCount"
	SHMessage            = SHNS + "message"
	SHIRI                = SHNS + "IRI"
	SHBlankNode          = SHNS + "BlankNode"
	SHLiteral            = SHNS + "Literal"
	SHBlankNodeOrIRI     = SHNS + "BlankNodeOrIRI"
	SHBlankNodeOrLiteral = SHNS + "BlankNodeOrLiteral"
	SHIRIOrLiteral       = SHNS + "IRIOrLiteral"
)
