/* xls.c: a worksheet of an old .xls workbook as rows (freexl; see the header). */
#define _GNU_SOURCE /* close_range (glibc 2.34+) */
#include "import/xls.h"

#include <errno.h>
#include <freexl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"

/* Built with ASan or UBSan (GCC says so with __SANITIZE_ADDRESS__, clang with __has_feature)? */
#if defined(__SANITIZE_ADDRESS__)
#define BP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BP_SANITIZED 1
#endif
#endif
#ifdef BP_SANITIZED
#include <sanitizer/common_interface_defs.h>
#endif

int bp_xls_is_ole2(const char *data, size_t len)
{
	static const unsigned char magic[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	return len >= sizeof(magic) && memcmp(data, magic, sizeof(magic)) == 0;
}

/* freexl's codes in words a user can act on (it has no strerror of its own). */
static const char *reason(int code)
{
	switch (code) {
	case FREEXL_FILE_NOT_FOUND:
		return "cannot be opened";
	case FREEXL_INSUFFICIENT_MEMORY:
		return "is too large to read";
	case FREEXL_INVALID_CHARACTER:
	case FREEXL_UNSUPPORTED_CHARSET:
		return "has text in a character set freexl cannot convert";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		return "holds no workbook stream";
	default:
		return "is damaged or not an .xls workbook";
	}
}

static bp_rc fail(const char *path, bp_error *err, int code, const char *what)
{
	bp_error_at(err, path, 0, 0);
	return bp_fail(err, BP_ERR_PARSE, "the workbook %s (freexl: %s, code %d)", reason(code), what, code);
}

/*
 * A double as text in the fewest significant digits that read back as the
 * same double: the cell holds 45.8 as a binary double, and the table's
 * number parser (cbsvalue.c) must see what the author typed, not
 * 45.799999999999997.  By hand because neither libc nor GLib has a
 * shortest round-trip format (g_ascii_dtostr always writes 17 digits).
 */
static const char *shortest(bp_arena *a, double v)
{
	char s[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	return bp_arena_strdup(a, s);
}

static const char *cell_text(bp_arena *a, const FreeXL_CellValue *c)
{
	switch (c->type) {
	case FREEXL_CELL_INT:
		return bp_arena_printf(a, "%d", c->value.int_value);
	case FREEXL_CELL_DOUBLE:
		return shortest(a, c->value.double_value);
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		return bp_arena_strdup(a, c->value.text_value ? c->value.text_value : "");
	default:
		return "";
	}
}

/* The sheet's index by name (NULL: 0); else an error whose hint lists the sheets. */
static bp_rc find_sheet(const void *h, const char *path, const char *sheet, unsigned short *index, bp_error *err)
{
	unsigned int count = 0;
	int code = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count);
	if (code != FREEXL_OK)
		return fail(path, err, code, "the list of sheets");
	if (count == 0) {
		bp_error_at(err, path, 0, 0);
		return bp_fail(err, BP_ERR_PARSE, "the workbook has no worksheet");
	}
	bp_buf names;
	bp_buf_init(&names);
	for (unsigned int i = 0; i < count && i <= 0xFFFF; i++) {
		const char *name = NULL;
		if ((code = freexl_get_worksheet_name(h, (unsigned short)i, &name)) != FREEXL_OK) {
			bp_buf_release(&names);
			return fail(path, err, code, "a sheet's name");
		}
		if (!sheet || (name && strcmp(name, sheet) == 0)) {
			*index = (unsigned short)i;
			bp_buf_release(&names);
			return BP_OK;
		}
		bp_buf_printf(&names, "%s'%s'", i ? ", " : "", name ? name : "");
	}
	bp_error_at(err, path, 0, 0);
	bp_fail(err, BP_ERR_PARSE, "the workbook has no sheet '%s'", sheet);
	bp_error_hint(err, "its sheets: %s", names.data ? names.data : "");
	bp_buf_release(&names);
	return BP_ERR_PARSE;
}

static bp_rc read_direct(const char *path, const char *sheet, bp_arena *a, bp_xlsx_row_fn fn, void *ctx, bp_error *err)
{
	const void *h = NULL;
	int code = freexl_open(path, &h);
	if (code != FREEXL_OK) {
		/* freexl leaves a handle behind on some failures: closing NULL is harmless. */
		freexl_close(h);
		return fail(path, err, code, "open");
	}
	unsigned short index = 0;
	unsigned int rows = 0, protection = 0;
	unsigned short cols = 0;
	bp_rc rc = BP_OK;
	/* An obfuscated (password-protected) workbook opens, but its cells are scrambled. */
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &protection) == FREEXL_OK && protection == FREEXL_BIFF_OBFUSCATED) {
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "the workbook is protected with a password");
		bp_error_hint(err, "save it again without a password, or as .xlsx or CSV");
		goto out;
	}
	if ((rc = find_sheet(h, path, sheet, &index, err)))
		goto out;
	if ((code = freexl_select_active_worksheet(h, index)) != FREEXL_OK ||
	    (code = freexl_worksheet_dimensions(h, &rows, &cols)) != FREEXL_OK) {
		rc = fail(path, err, code, "the sheet");
		goto out;
	}
	const char **cells = bp_arena_alloc(a, ((size_t)cols + 1) * sizeof(*cells));
	for (unsigned int r = 0; r < rows && rc == BP_OK; r++) {
		size_t n = 0;
		for (unsigned short c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			if ((code = freexl_get_cell_value(h, r, c, &v)) != FREEXL_OK) {
				rc = fail(path, err, code, "a cell");
				goto out;
			}
			cells[c] = cell_text(a, &v);
			if (cells[c][0])
				n = (size_t)c + 1;
		}
		if (n)   /* as an .xlsx sheet: a row without cells is not delivered, a row ends at its last cell */
			rc = fn(ctx, cells, n, (long)r + 1, err);
	}
out:
	freexl_close(h);
	return rc;
}

/*
 * Why a child process: Debian's freexl (1.0.6) reads out of bounds on
 * crafted files (tests/fuzz/fuzz_workbook found a stack-buffer-underflow in
 * its charset conversion within seconds), and an .xls comes from outside.
 * So freexl runs in a forked child that holds nothing but the file (every
 * other descriptor closed, the database connection included) and sends the
 * rows back through a pipe; a child that dies is a workbook refused, not
 * a corrupted importer.
 *
 * The stream: per row 'R', the row number, the cell count and each cell
 * as length + bytes (uint32 in host order: same process image); at the end
 * 'K', or 'E' with the error's message and hint.
 */
static void put_u32(bp_buf *b, uint32_t v)
{
	bp_buf_add(b, (const char *)&v, sizeof(v));
}

static void put_str(bp_buf *b, const char *s)
{
	size_t n = strlen(s);
	put_u32(b, (uint32_t)n);
	bp_buf_add(b, s, n);
}

static bp_rc send_row(void *ctx, const char *const *cells, size_t n, long row, bp_error *err)
{
	bp_buf *b = ctx;
	(void)err;
	bp_buf_addc(b, 'R');
	put_u32(b, (uint32_t)row);
	put_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_str(b, cells[i]);
	return BP_OK;
}

static _Noreturn void child(const char *path, const char *sheet, int fd)
{
	/* Nothing of the parent's but the pipe and stderr (for a sanitizer's report). */
	if (fd != 3 && (dup2(fd, 3) < 0 || close(fd) < 0))
		_exit(2);
	close_range(4, ~0U, 0);
	close(0);
	close(1);
#ifdef BP_SANITIZED
	/* A sanitizer's report here is about freexl and is contained: the
	 * parent refuses the workbook.  A fuzzer's death callback (save the
	 * input as a crash) is the parent's concern, not this copy's. */
	__sanitizer_set_death_callback(NULL);
#endif
	bp_arena *a = bp_arena_new();
	bp_buf b;
	bp_buf_init(&b);
	bp_error err;
	bp_error_clear(&err);
	if (read_direct(path, sheet, a, send_row, &b, &err) == BP_OK) {
		bp_buf_addc(&b, 'K');
	} else {
		bp_buf_addc(&b, 'E');
		put_str(&b, err.message);
		put_str(&b, err.hint);
	}
	for (size_t off = 0; off < b.len;) {
		ssize_t w = write(3, b.data + off, b.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(2);
		off += (size_t)w;
	}
	_exit(0);   /* no atexit handlers of the parent's image */
}

typedef struct stream {
	const char *p, *end;
} stream;

static int get_u32(stream *s, uint32_t *v)
{
	if ((size_t)(s->end - s->p) < sizeof(*v))
		return 0;
	memcpy(v, s->p, sizeof(*v));
	s->p += sizeof(*v);
	return 1;
}

static const char *get_str(stream *s, bp_arena *a)
{
	uint32_t n;
	if (!get_u32(s, &n) || (size_t)(s->end - s->p) < n)
		return NULL;
	const char *t = bp_arena_strndup(a, s->p, n);
	s->p += n;
	return t;
}

bp_rc bp_xls_read(const char *path, const char *sheet, bp_arena *a, bp_xlsx_row_fn fn, void *ctx, bp_error *err)
{
	int fds[2];
	if (pipe(fds) != 0)
		return bp_fail(err, BP_ERR_IO, "cannot read %s: pipe: %s", path, strerror(errno));
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return bp_fail(err, BP_ERR_IO, "cannot read %s: fork: %s", path, strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		child(path, sheet, fds[1]);
	}
	close(fds[1]);
	bp_buf in;
	bp_buf_init(&in);
	char chunk[65536];
	for (;;) {
		ssize_t r = read(fds[0], chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		bp_buf_add(&in, chunk, (size_t)r);
	}
	close(fds[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	bp_rc rc = BP_OK;
	stream s = { in.data, in.data + in.len };
	char tag = 0;
	while (rc == BP_OK && s.p < s.end && (tag = *s.p++) == 'R') {
		uint32_t row, n;
		if (!get_u32(&s, &row) || !get_u32(&s, &n) || n > (size_t)(s.end - s.p) / sizeof(uint32_t))
			break;
		const char **cells = bp_arena_alloc(a, ((size_t)n + 1) * sizeof(*cells));
		uint32_t i = 0;
		while (i < n && (cells[i] = get_str(&s, a)))
			i++;
		if (i < n)
			break;
		rc = fn(ctx, cells, n, (long)row, err);
		tag = 0;
	}
	if (rc == BP_OK && tag == 'E') {
		const char *msg = get_str(&s, a), *hint = msg ? get_str(&s, a) : NULL;
		bp_error_at(err, path, 0, 0);
		rc = bp_fail(err, BP_ERR_PARSE, "%s", msg ? msg : "the workbook cannot be read");
		if (hint && hint[0])
			bp_error_hint(err, "%s", hint);
	} else if (rc == BP_OK && (tag != 'K' || !WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		bp_error_at(err, path, 0, 0);
		if (WIFSIGNALED(status))
			rc = bp_fail(err, BP_ERR_PARSE, "the workbook is damaged: freexl stopped on it (signal %d)",
			             WTERMSIG(status));
		else
			rc = bp_fail(err, BP_ERR_PARSE, "the workbook is damaged: freexl stopped on it");
		bp_error_hint(err, "open it in a spreadsheet program and save it as .xlsx or CSV");
	}
	bp_buf_release(&in);
	return rc;
}
