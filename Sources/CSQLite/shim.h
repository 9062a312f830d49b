#ifndef ZONEFIT_CSQLITE_SHIM_H
#define ZONEFIT_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
