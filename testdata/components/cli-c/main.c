// cli-c: a wasi:cli/command fixture written in C against wasi-libc
// (preview1), turned into a component with the preview1 command adapter.
// The first argument selects what it does; see ../README.md.
//
// `connect` has no preview1 equivalent, so it calls wasi:sockets@0.2.12
// directly through hand-written canonical-ABI imports (sockets.c).
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockets.h"

static int usage(void) {
  fputs("usage: cli-c hello | cat PATH | exit N | env NAME | ls DIR |\n"
        "             write PATH TEXT | stdin | connect IPV4 PORT\n",
        stderr);
  return 2;
}

static int copy_stream(FILE *in, FILE *out, const char *what) {
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    if (fwrite(buf, 1, n, out) != n) {
      fprintf(stderr, "cli-c: writing stdout: %s\n", strerror(errno));
      return 1;
    }
  }
  if (ferror(in)) {
    fprintf(stderr, "cli-c: reading %s: %s\n", what, strerror(errno));
    return 1;
  }
  return 0;
}

static int cmd_cat(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cli-c: open %s: %s\n", path, strerror(errno));
    return 1;
  }
  int rc = copy_stream(f, stdout, path);
  fclose(f);
  return rc;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmd_ls(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "cli-c: opendir %s: %s\n", path, strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t count = 0, cap = 0;
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    if (count == cap) {
      cap = cap ? cap * 2 : 16;
      char **grown = realloc(names, cap * sizeof *names);
      if (!grown) {
        fputs("cli-c: out of memory\n", stderr);
        return 1;
      }
      names = grown;
    }
    names[count] = strdup(e->d_name);
    if (!names[count]) {
      fputs("cli-c: out of memory\n", stderr);
      return 1;
    }
    count++;
  }
  int rc = 0;
  if (errno != 0) {
    fprintf(stderr, "cli-c: readdir %s: %s\n", path, strerror(errno));
    rc = 1;
  }
  closedir(d);
  // Directory order is up to the host; sort so the output is deterministic.
  qsort(names, count, sizeof *names, compare_names);
  for (size_t i = 0; i < count; i++) {
    puts(names[i]);
    free(names[i]);
  }
  free(names);
  return rc;
}

static int cmd_write(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "cli-c: create %s: %s\n", path, strerror(errno));
    return 1;
  }
  size_t n = strlen(text);
  if (fwrite(text, 1, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "cli-c: write %s: %s\n", path, strerror(errno));
    return 1;
  }
  return 0;
}

static int cmd_exit(const char *code) {
  char *end;
  long n = strtol(code, &end, 10);
  if (*code == '\0' || *end != '\0') {
    fprintf(stderr, "cli-c: exit wants an integer, got %s\n", code);
    return 2;
  }
  fflush(stdout);
  exit((int)n);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    return usage();
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "hello") == 0 && argc == 2) {
    puts("hello from C");
    return 0;
  }
  if (strcmp(cmd, "cat") == 0 && argc == 3) {
    return cmd_cat(argv[2]);
  }
  if (strcmp(cmd, "exit") == 0 && argc == 3) {
    return cmd_exit(argv[2]);
  }
  if (strcmp(cmd, "env") == 0 && argc == 3) {
    const char *v = getenv(argv[2]);
    puts(v ? v : "unset");
    return 0;
  }
  if (strcmp(cmd, "ls") == 0 && argc == 3) {
    return cmd_ls(argv[2]);
  }
  if (strcmp(cmd, "write") == 0 && argc == 4) {
    return cmd_write(argv[2], argv[3]);
  }
  if (strcmp(cmd, "stdin") == 0 && argc == 2) {
    return copy_stream(stdin, stdout, "stdin");
  }
  if (strcmp(cmd, "connect") == 0 && argc == 4) {
    return cmd_connect(argv[2], argv[3]);
  }
  return usage();
}
