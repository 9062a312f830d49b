#ifndef ZONEFIT_CLIBPQ_SHIM_H
#define ZONEFIT_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
