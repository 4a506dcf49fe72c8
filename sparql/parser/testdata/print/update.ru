PREFIX : <http://example.org/>
INSERT DATA { :a :p "x" . GRAPH :g { :b :p _:n } } ;
WITH :g
DELETE { ?s :p ?o }
INSERT { ?s :q ?o }
USING :d
WHERE { ?s :p ?o } ;
DELETE WHERE { ?s :old ?o } ;
LOAD SILENT <http://example.org/dump.ttl> INTO GRAPH :h ;
CLEAR DEFAULT ; DROP NAMED ; CREATE GRAPH :new ;
COPY DEFAULT TO :backup
