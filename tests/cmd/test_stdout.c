/*
 * The binary's standard output: a command whose output could not be
 * written (a full disk: /dev/full) fails with exit 1 and says so, however
 * it ended otherwise; the same command into /dev/null exits 0.  Before the
 * check in cmd/main.c all of these exited 0 with nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static const char *const commands[] = {
	"--version",
	"--help",
	"import statline-csv --help",   /* a command's own output, through main */
};

/* The exit status of `BP_BINARY ARGS > OUT 2> ERRFILE`; its standard error in err. */
static int run(const char *args, const char *out, char *err, size_t size)
{
	char errpath[] = "/tmp/bp-test-stdout-XXXXXX";
	int fd = mkstemp(errpath);
	assert_true(fd >= 0);
	close(fd);
	char cmd[4096];
	snprintf(cmd, sizeof(cmd), "'%s' %s > %s 2> %s", getenv("BP_BINARY"), args, out, errpath);
	int st = system(cmd);
	FILE *f = fopen(errpath, "r");
	assert_non_null(f);
	size_t n = fread(err, 1, size - 1, f);
	err[n] = '\0';
	fclose(f);
	unlink(errpath);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void test_full_disk(void **state)
{
	(void)state;
	char err[4096];
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		int rc = run(commands[i], "/dev/full", err, sizeof(err));
		if (rc != 1 || !strstr(err, "buurtpeil: cannot write standard output: No space left on device"))
			fail_msg("'%s > /dev/full': exit %d, stderr: %s", commands[i], rc, err);
		assert_int_equal(run(commands[i], "/dev/null", err, sizeof(err)), 0);
		assert_string_equal(err, "");
	}
}

int main(void)
{
	if (!getenv("BP_BINARY") || access("/dev/full", W_OK) != 0) {
		fprintf(stderr, "no BP_BINARY or no /dev/full: skipped\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_disk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
