#include "platform/db/sqlite_fault_vfs.hpp"

#include <stdexcept>

namespace rapport::db {

namespace {

// An open file of the shim: SQLite's header (its methods are the shim's), then the unix VFS's own
// file structure, which every method passes the call on to.
struct ShimFile {
  sqlite3_file base;
  SqliteFaultVfs* owner;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return shim(f)->real(); }
const sqlite3_io_methods* io(sqlite3_file* f) { return real(f)->pMethods; }

int shim_close(sqlite3_file* f) { return io(f)->xClose(real(f)); }
int shim_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  if (int code = shim(f)->owner->decide(FaultCall::Read)) return code;
  return io(f)->xRead(real(f), buf, n, off);
}
int shim_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (int code = shim(f)->owner->decide(FaultCall::Write)) return code;
  return io(f)->xWrite(real(f), buf, n, off);
}
int shim_truncate(sqlite3_file* f, sqlite3_int64 size) { return io(f)->xTruncate(real(f), size); }
int shim_sync(sqlite3_file* f, int flags) {
  if (int code = shim(f)->owner->decide(FaultCall::Sync)) return code;
  return io(f)->xSync(real(f), flags);
}
int shim_file_size(sqlite3_file* f, sqlite3_int64* size) { return io(f)->xFileSize(real(f), size); }
int shim_lock(sqlite3_file* f, int level) { return io(f)->xLock(real(f), level); }
int shim_unlock(sqlite3_file* f, int level) { return io(f)->xUnlock(real(f), level); }
int shim_check_reserved(sqlite3_file* f, int* out) { return io(f)->xCheckReservedLock(real(f), out); }
int shim_file_control(sqlite3_file* f, int op, void* arg) { return io(f)->xFileControl(real(f), op, arg); }
int shim_sector_size(sqlite3_file* f) { return io(f)->xSectorSize(real(f)); }
int shim_device_characteristics(sqlite3_file* f) { return io(f)->xDeviceCharacteristics(real(f)); }
// Shared memory (the WAL index) and memory-mapped reads: passed on when the real file has them.
int shim_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return io(f)->iVersion >= 2 ? io(f)->xShmMap(real(f), page, size, extend, out) : SQLITE_IOERR_SHMMAP;
}
int shim_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return io(f)->iVersion >= 2 ? io(f)->xShmLock(real(f), offset, n, flags) : SQLITE_IOERR_SHMLOCK;
}
void shim_shm_barrier(sqlite3_file* f) {
  if (io(f)->iVersion >= 2) io(f)->xShmBarrier(real(f));
}
int shim_shm_unmap(sqlite3_file* f, int del) { return io(f)->iVersion >= 2 ? io(f)->xShmUnmap(real(f), del) : SQLITE_OK; }
int shim_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
  if (io(f)->iVersion >= 3) return io(f)->xFetch(real(f), off, n, out);
  *out = nullptr;
  return SQLITE_OK;
}
int shim_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  return io(f)->iVersion >= 3 ? io(f)->xUnfetch(real(f), off, p) : SQLITE_OK;
}

const sqlite3_io_methods kShimMethods = {
    3,           shim_close,        shim_read,          shim_write,         shim_truncate,
    shim_sync,   shim_file_size,    shim_lock,          shim_unlock,        shim_check_reserved,
    shim_file_control, shim_sector_size, shim_device_characteristics, shim_shm_map, shim_shm_lock,
    shim_shm_barrier, shim_shm_unmap, shim_fetch,       shim_unfetch,
};

SqliteFaultVfs* owner_of(sqlite3_vfs* vfs) { return static_cast<SqliteFaultVfs*>(vfs->pAppData); }
sqlite3_vfs* root_of(sqlite3_vfs* vfs) { return owner_of(vfs)->root(); }

int shim_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  ShimFile* file = shim(f);
  file->owner = owner_of(vfs);
  int rc = root_of(vfs)->xOpen(root_of(vfs), name, file->real(), flags, out_flags);
  // SQLite closes a file only when its methods are set: the shim's then, which close the real one.
  file->base.pMethods = file->real()->pMethods ? &kShimMethods : nullptr;
  return rc;
}
int shim_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) { return root_of(vfs)->xDelete(root_of(vfs), name, sync_dir); }
int shim_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return root_of(vfs)->xAccess(root_of(vfs), name, flags, out);
}
int shim_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return root_of(vfs)->xFullPathname(root_of(vfs), name, n, out);
}
void* shim_dl_open(sqlite3_vfs* vfs, const char* name) { return root_of(vfs)->xDlOpen(root_of(vfs), name); }
void shim_dl_error(sqlite3_vfs* vfs, int n, char* out) { root_of(vfs)->xDlError(root_of(vfs), n, out); }
void (*shim_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return root_of(vfs)->xDlSym(root_of(vfs), handle, symbol);
}
void shim_dl_close(sqlite3_vfs* vfs, void* handle) { root_of(vfs)->xDlClose(root_of(vfs), handle); }
int shim_randomness(sqlite3_vfs* vfs, int n, char* out) { return root_of(vfs)->xRandomness(root_of(vfs), n, out); }
int shim_sleep(sqlite3_vfs* vfs, int us) { return root_of(vfs)->xSleep(root_of(vfs), us); }
int shim_current_time(sqlite3_vfs* vfs, double* out) { return root_of(vfs)->xCurrentTime(root_of(vfs), out); }
int shim_last_error(sqlite3_vfs* vfs, int n, char* out) { return root_of(vfs)->xGetLastError(root_of(vfs), n, out); }
int shim_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return root_of(vfs)->xCurrentTimeInt64(root_of(vfs), out);
}

// The unix VFS's code for a failing call of each kind (what a failed pread, write or fsync gives).
int default_code(FaultCall call) {
  switch (call) {
    case FaultCall::Read: return SQLITE_IOERR_READ;
    case FaultCall::Write: return SQLITE_IOERR_WRITE;
    case FaultCall::Sync: return SQLITE_IOERR_FSYNC;
  }
  return SQLITE_IOERR;
}

}  // namespace

SqliteFaultVfs::SqliteFaultVfs() {
  root_ = sqlite3_vfs_find(nullptr);
  if (!root_ || root_->iVersion < 2) throw std::runtime_error("SqliteFaultVfs: no default VFS of version 2 or later");
  vfs_.iVersion = 2;
  vfs_.szOsFile = static_cast<int>(sizeof(ShimFile)) + root_->szOsFile;
  vfs_.mxPathname = root_->mxPathname;
  vfs_.zName = "rapport-faults";
  vfs_.pAppData = this;
  vfs_.xOpen = shim_open;
  vfs_.xDelete = shim_delete;
  vfs_.xAccess = shim_access;
  vfs_.xFullPathname = shim_full_pathname;
  vfs_.xDlOpen = shim_dl_open;
  vfs_.xDlError = shim_dl_error;
  vfs_.xDlSym = shim_dl_sym;
  vfs_.xDlClose = shim_dl_close;
  vfs_.xRandomness = shim_randomness;
  vfs_.xSleep = shim_sleep;
  vfs_.xCurrentTime = shim_current_time;
  vfs_.xGetLastError = shim_last_error;
  vfs_.xCurrentTimeInt64 = shim_current_time_int64;
  if (sqlite3_vfs_register(&vfs_, 1) != SQLITE_OK) throw std::runtime_error("SqliteFaultVfs: cannot register");
}

SqliteFaultVfs::~SqliteFaultVfs() {
  sqlite3_vfs_unregister(&vfs_);
  sqlite3_vfs_register(root_, 1);  // the default again
}

void SqliteFaultVfs::fail(FaultCall call, int64_t pass, int64_t times, int code) {
  std::lock_guard lock(mu_);
  Plan& p = plans_[static_cast<int>(call)];
  p.pass = pass;
  p.times = times;
  p.code = code != 0 ? code : default_code(call);
}

void SqliteFaultVfs::clear() {
  std::lock_guard lock(mu_);
  for (auto& p : plans_) {
    p.pass = kEvery;
    p.times = 0;
  }
}

int64_t SqliteFaultVfs::calls(FaultCall call) const {
  std::lock_guard lock(mu_);
  return plans_[static_cast<int>(call)].calls;
}

int64_t SqliteFaultVfs::failed(FaultCall call) const {
  std::lock_guard lock(mu_);
  return plans_[static_cast<int>(call)].failed;
}

int SqliteFaultVfs::decide(FaultCall call) {
  std::lock_guard lock(mu_);
  Plan& p = plans_[static_cast<int>(call)];
  ++p.calls;
  if (p.pass > 0) {
    if (p.pass != kEvery) --p.pass;
    return 0;
  }
  if (p.times <= 0) return 0;
  if (p.times != kEvery) --p.times;
  ++p.failed;
  return p.code;
}

}  // namespace rapport::db
