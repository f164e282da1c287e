/*
 * rowdeflate.h: a picture's PNG rows as a raw deflate stream (RFC 1951),
 * matched only against the row above and the pixel to the left (issue 23
 * item 3).
 *
 * Internal to lib/render (canvas.c's PNG writer); rowdeflate.c says why it
 * is not a library's deflate.
 */
#ifndef BP_RENDER_ROWDEFLATE_H
#define BP_RENDER_ROWDEFLATE_H

#include <stddef.h>

/*
 * The most bytes bp_rows_deflate writes for n bytes of input: every byte a
 * 9-bit literal, the block's header and end, and 8 bytes of the bit
 * writer's slack.
 */
#define BP_ROWS_DEFLATE_BOUND(n) ((n) + (n) / 4 + 64)

/*
 * h rows of row bytes each at in (a PNG's filtered rows: the filter byte
 * and the pixels) as one final deflate block with the fixed Huffman codes,
 * written to out (room for BP_ROWS_DEFLATE_BOUND(row * h) bytes); returns
 * the bytes written.  Matches are looked for at two distances only: row
 * (the same bytes one row up) and px (one pixel to the left; px <= row,
 * row <= 32768, deflate's window).  With whole (else NULL), whole[y] != 0
 * promises that row y is the same bytes as row y - 1 (the caller compared
 * them already); those rows are then matched without comparing them again.
 * The output depends on the input bytes only: the same rows give the same
 * stream (whole only saves work when it is true).
 */
size_t bp_rows_deflate(const unsigned char *in, size_t row, size_t h, size_t px, const unsigned char *whole,
                       unsigned char *out);

#endif
