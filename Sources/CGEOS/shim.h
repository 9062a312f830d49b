#ifndef ZONEFIT_CGEOS_SHIM_H
#define ZONEFIT_CGEOS_SHIM_H
/* Only the reentrant (_r) API: a GEOS context is never shared between threads. */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
