/*
 * Runs the ClickHouse engine of libchdb.so as a server: loads the library, passes the clickhouse-local command line to
 * chdb_query_cmdline (which opens the real HTTP listener while its query runs) and dies with its parent. The parent
 * holds this process's stdin open; when it exits, for any reason (even SIGKILL), the pipe reaches end-of-file and this
 * process terminates itself, so no engine outlives the JVM that started it.
 *
 * usage: engine-runner LIBCHDB.so CLICKHOUSE-LOCAL-ARGUMENTS...
 */
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

typedef void *(*query_cmdline_fn)(int, char **);
typedef const char *(*result_error_fn)(void *);

static void *die_with_parent(void *unused) {
    char buf[256];
    while (read(STDIN_FILENO, buf, sizeof buf) > 0) {
    }
    kill(getpid(), SIGTERM);
    sleep(30);
    _exit(3); /* the engine ignored SIGTERM */
    return unused;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBCHDB.so CLICKHOUSE-LOCAL-ARGUMENTS...\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
        return 2;
    }
    query_cmdline_fn query = (query_cmdline_fn) dlsym(lib, "chdb_query_cmdline");
    result_error_fn error = (result_error_fn) dlsym(lib, "chdb_result_error");
    if (query == NULL || error == NULL) {
        fprintf(stderr, "%s does not export chdb_query_cmdline and chdb_result_error\n", argv[1]);
        return 2;
    }
    pthread_t watcher;
    if (pthread_create(&watcher, NULL, die_with_parent, NULL) != 0) {
        fprintf(stderr, "cannot start the parent watcher\n");
        return 2;
    }
    argv[1] = "clickhouse";
    void *result = query(argc - 1, argv + 1);
    const char *message = result == NULL ? "the engine returned no result" : error(result);
    if (message != NULL && message[0] != '\0') {
        fprintf(stderr, "%s\n", message);
        return 1;
    }
    return 0;
}
