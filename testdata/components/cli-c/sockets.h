// TCP connect through wasi:sockets@0.2.12, for the `connect` subcommand.
#ifndef CLI_C_SOCKETS_H
#define CLI_C_SOCKETS_H

// cmd_connect connects to an IPv4 address and port, prints
// "connected to HOST:PORT" or "connect HOST:PORT: ERROR-CODE", and returns
// the exit status (0 on success).
int cmd_connect(const char *host, const char *port);

#endif
