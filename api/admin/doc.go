// Package admin is ruche's local admin door: while `ruche serve` holds a
// data folder, the command line manages tokens, reads the audit log and
// takes backups through a unix socket the server opens in that folder,
// DIR/ruche.sock; when no server answers there, the same commands open the
// folder directly. Both paths are the same [Ops], so the outputs are the
// same.
//
// Why a socket in the folder: the command line already names the folder
// (--data), so it finds the server without an address or a port to
// configure; the socket has mode 0600 and lives in the folder, so only the
// account that owns the folder (whoever could open it directly anyway)
// can administer it; and nothing is exposed on the network. A socket left
// by a killed server is stale: nobody answers on it, so the command line
// opens the folder directly and the next server replaces it.
//
// The protocol is HTTP/1.1 over the socket, JSON in and out (the backup is
// a gzip stream): GET /tokens, POST /tokens, POST /tokens/{id}/revoke,
// GET /audit?since=&resource=, GET /backup.
package admin
