//! The sandbox: the renderer module, precompiled at build time, run by a
//! wasmtime with no compiler. The module imports nothing, so it gets no
//! filesystem, network, clock or environment; its memory is capped by a
//! [`wasmtime::ResourceLimiter`] and its run time by epoch interruption.

use std::fmt;
use std::sync::mpsc;
use std::time::Duration;

use wasmtime::{Engine, Instance, Module, Store, Trap};

use crate::engine_config::engine_config;

/// The module compiled by build.rs for this wasmtime and this `Config`.
static PRECOMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/aac.cwasm"));
/// Its hash and length (build.rs): the name of its copy in the cache folder.
const MODULE_ID: &str = include_str!(concat!(env!("OUT_DIR"), "/aac.cwasm.id"));

/// What one run of the module may use.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Linear memory, in bytes.
    pub max_memory: u64,
    /// Wall-clock time of one call.
    pub timeout: Duration,
}

/// Why the module gave no answer.
#[derive(Debug)]
pub enum SandboxError {
    /// The embedded module does not load (a build problem).
    Load(String),
    /// The module wanted more memory than `--max-memory`.
    MemoryCap { limit: u64 },
    /// The module ran longer than `--timeout`.
    Timeout { limit: Duration },
    /// The module ran out of stack.
    StackOverflow,
    /// The module trapped (a panic prints its message).
    Crash { trap: String, panic: Option<String> },
    /// The module broke the ABI (a bug).
    Abi(String),
}

impl fmt::Display for SandboxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SandboxError::Load(e) => write!(
                f,
                "the embedded renderer module does not load ({e}); rebuild aac from source"
            ),
            SandboxError::MemoryCap { limit } => write!(
                f,
                "the renderer exceeded its memory cap of {} (raise it with --max-memory or AAC_MAX_MEMORY)",
                format_size(*limit)
            ),
            SandboxError::Timeout { limit } => write!(
                f,
                "the renderer exceeded its time cap of {} (raise it with --timeout or AAC_TIMEOUT)",
                format_duration(*limit)
            ),
            SandboxError::StackOverflow => {
                write!(
                    f,
                    "the renderer ran out of stack (values nested too deeply?)"
                )
            }
            SandboxError::Crash { trap, panic } => match panic {
                Some(p) => write!(f, "the renderer crashed: {p}"),
                None => write!(f, "the renderer crashed: {trap}"),
            },
            SandboxError::Abi(e) => write!(f, "the renderer module broke its interface: {e}"),
        }
    }
}

/// Bytes as the flag takes them (`256MiB`).
pub fn format_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{}{unit}", bytes / size);
        }
    }
    format!("{bytes}B")
}

/// A duration as the flag takes it (`10s`, `250ms`).
pub fn format_duration(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else if d.as_nanos().is_multiple_of(1_000_000) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:?}", d)
    }
}

/// Caps the module's memory and tables; remembers whether it hit the cap.
struct Limiter {
    max_memory: usize,
    hit: bool,
}

impl wasmtime::ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.max_memory {
            self.hit = true;
            Ok(false)
        } else {
            Ok(true)
        }
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 100_000)
    }
}

/// The engine and the embedded module, loaded once: mapped from its copy in
/// the cache folder when there is one (see [`crate::module_cache`]), else
/// copied from the binary.
fn load() -> Result<(Engine, Module), SandboxError> {
    let engine = Engine::new(&engine_config()).map_err(|e| SandboxError::Load(e.to_string()))?;
    if let Some(module) = load_cached(&engine) {
        return Ok((engine, module));
    }
    // SAFETY: `PRECOMPILED` is what `Engine::precompile_module` produced in
    // build.rs for this wasmtime version and this `Config`, embedded in this
    // binary; it is not input from outside. wasmtime still checks the
    // version, configuration and CPU features before using it.
    #[allow(unsafe_code)]
    let module = unsafe { Module::deserialize(&engine, PRECOMPILED) }
        .map_err(|e| SandboxError::Load(e.to_string()))?;
    Ok((engine, module))
}

/// The module mapped from `renderer-<id>.cwasm` in the cache folder (written
/// there first when missing or different).
fn load_cached(engine: &Engine) -> Option<Module> {
    let dir = crate::module_cache::cache_dir()?;
    let name = format!("renderer-{MODULE_ID}.cwasm");
    let file = crate::module_cache::file_with(&dir, &name, PRECOMPILED)?;
    // SAFETY: the file's bytes are `PRECOMPILED`'s (compared through this
    // very handle, see above), it is this user's and no one else may write
    // it; wasmtime still checks the version, configuration and CPU features.
    #[allow(unsafe_code)]
    unsafe { Module::deserialize_open_file(engine, file) }.ok()
}

fn new_store(engine: &Engine, limits: Limits) -> Store<Limiter> {
    let mut store = Store::new(
        engine,
        Limiter {
            max_memory: usize::try_from(limits.max_memory).unwrap_or(usize::MAX),
            hit: false,
        },
    );
    store.limiter(|l| l);
    store
}

/// Sends one JSON request to a fresh instance of the module; returns its JSON answer.
pub fn call(request: &str, limits: Limits) -> Result<String, SandboxError> {
    let (engine, module) = load()?;
    let mut store = new_store(&engine, limits);
    store.set_epoch_deadline(1);

    // The time cap: one epoch tick when the time is up, unless the call ends first.
    let (done, timer) = mpsc::channel::<()>();
    let ticker = engine.clone();
    let timeout = limits.timeout;
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = timer.recv_timeout(timeout) {
            ticker.increment_epoch();
        }
    });

    let result = run(&mut store, &module, request.as_bytes());
    drop(done);
    result.map_err(|(error, instance)| classify(&mut store, instance, error, limits))
}

/// How often a [`Pool`]'s clock ticks: its time cap is this precise.
const POOL_TICK: Duration = Duration::from_millis(10);

/// One engine and one compiled module shared by many concurrent calls (the
/// many releases of `aac render --releases`): each call still gets a fresh
/// instance, with its own memory cap and time cap. A clock thread bumps the
/// engine's epoch every [`POOL_TICK`] while the pool lives, and each call's
/// store traps after its timeout's worth of ticks (one tick more, so never
/// early).
pub struct Pool {
    engine: Engine,
    module: Module,
    /// Dropping it stops the clock thread.
    _stop: mpsc::Sender<()>,
}

impl Pool {
    /// Loads the module once and starts the clock.
    pub fn new() -> Result<Pool, SandboxError> {
        let (engine, module) = load()?;
        let (stop, stopped) = mpsc::channel::<()>();
        let ticker = engine.clone();
        std::thread::spawn(move || {
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(POOL_TICK) {
                ticker.increment_epoch();
            }
        });
        Ok(Pool {
            engine,
            module,
            _stop: stop,
        })
    }

    /// Sends one JSON request to a fresh instance of the module; its JSON answer.
    pub fn call(&self, request: &str, limits: Limits) -> Result<String, SandboxError> {
        let mut store = new_store(&self.engine, limits);
        let ticks = limits.timeout.as_nanos().div_ceil(POOL_TICK.as_nanos()) + 1;
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
        run(&mut store, &self.module, request.as_bytes())
            .map_err(|(error, instance)| classify(&mut store, instance, error, limits))
    }
}

type RunError = (wasmtime::Error, Option<Instance>);

fn run(store: &mut Store<Limiter>, module: &Module, request: &[u8]) -> Result<String, RunError> {
    let instance = Instance::new(&mut *store, module, &[]).map_err(|e| (e, None))?;
    let with = |e| (e, Some(instance));
    let memory = instance
        .get_memory(&mut *store, "memory")
        .ok_or_else(|| with(wasmtime::Error::msg("no exported memory")))?;
    let alloc = instance
        .get_typed_func::<u32, u32>(&mut *store, "aac_alloc")
        .map_err(with)?;
    let dealloc = instance
        .get_typed_func::<(u32, u32), ()>(&mut *store, "aac_dealloc")
        .map_err(with)?;
    let call = instance
        .get_typed_func::<(u32, u32), u64>(&mut *store, "aac_call")
        .map_err(with)?;

    let len = u32::try_from(request.len())
        .map_err(|_| with(wasmtime::Error::msg("the request is larger than 4 GiB")))?;
    let ptr = alloc.call(&mut *store, len).map_err(with)?;
    memory
        .write(&mut *store, ptr as usize, request)
        .map_err(|e| with(wasmtime::Error::msg(format!("writing the request: {e}"))))?;
    let packed = call.call(&mut *store, (ptr, len)).map_err(with)?;
    let (out_ptr, out_len) = ((packed >> 32) as u32, packed as u32);
    let mut out = vec![0u8; out_len as usize];
    memory
        .read(&mut *store, out_ptr as usize, &mut out)
        .map_err(|e| with(wasmtime::Error::msg(format!("reading the response: {e}"))))?;
    dealloc
        .call(&mut *store, (out_ptr, out_len))
        .map_err(with)?;
    String::from_utf8(out).map_err(|e| with(wasmtime::Error::msg(format!("response: {e}"))))
}

fn classify(
    store: &mut Store<Limiter>,
    instance: Option<Instance>,
    error: wasmtime::Error,
    limits: Limits,
) -> SandboxError {
    if store.data().hit {
        return SandboxError::MemoryCap {
            limit: limits.max_memory,
        };
    }
    match error.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => SandboxError::Timeout {
            limit: limits.timeout,
        },
        Some(Trap::StackOverflow) => SandboxError::StackOverflow,
        Some(trap) => SandboxError::Crash {
            trap: trap.to_string(),
            panic: instance.and_then(|i| last_panic(store, i)),
        },
        None => SandboxError::Abi(format!("{error:#}")),
    }
}

/// The module's panic message after a trap, if it panicked.
fn last_panic(store: &mut Store<Limiter>, instance: Instance) -> Option<String> {
    store.set_epoch_deadline(1);
    let f = instance
        .get_typed_func::<(), u64>(&mut *store, "aac_last_panic")
        .ok()?;
    let packed = f.call(&mut *store, ()).ok()?;
    if packed == 0 {
        return None;
    }
    let memory = instance.get_memory(&mut *store, "memory")?;
    let mut out = vec![0u8; (packed as u32) as usize];
    memory
        .read(&mut *store, (packed >> 32) as usize, &mut out)
        .ok()?;
    Some(String::from_utf8_lossy(&out).into_owned())
}
