/* Helpers shared by TinyForge kernels; not part of the public API. */
#ifndef TFG_INTERNAL_H
#define TFG_INTERNAL_H

#include "tfg_kernels.h"

/* Index of element (b, y, x, c) of an NHWC tensor broadcast to a larger shape: size-1 dimensions repeat. */
static inline int32_t tfg_broadcast_index(const tfg_dims *d, int32_t b, int32_t y, int32_t x, int32_t c)
{
    b = d->n == 1 ? 0 : b;
    y = d->h == 1 ? 0 : y;
    x = d->w == 1 ? 0 : x;
    c = d->c == 1 ? 0 : c;
    return ((b * d->h + y) * d->w + x) * d->c + c;
}

#endif /* TFG_INTERNAL_H */
