//! The host ABI: what `aac` calls in the module (wasm32 only).
//!
//! The module imports nothing and exports its `memory` and:
//! - `aac_alloc(len) -> ptr`: a buffer of `len` bytes for the host to write a
//!   request into (0 when `len` is 0);
//! - `aac_call(ptr, len) -> u64`: takes ownership of that buffer, reads it as
//!   a UTF-8 JSON request ([`crate::handle`]) and returns the response buffer
//!   as `ptr << 32 | len`;
//! - `aac_dealloc(ptr, len)`: frees a response (or an unused request) buffer;
//! - `aac_last_panic() -> u64`: after a trap, the panic message (`ptr << 32 |
//!   len`, 0 when there was none), so the host can say why.
#![allow(unsafe_code)]

use std::sync::Mutex;

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn pack(ptr: *mut u8, len: usize) -> u64 {
    ((ptr as usize as u64) << 32) | len as u64
}

fn leak(bytes: Vec<u8>) -> u64 {
    let boxed = bytes.into_boxed_slice();
    let len = boxed.len();
    pack(Box::into_raw(boxed).cast::<u8>(), len)
}

#[unsafe(no_mangle)]
pub extern "C" fn aac_alloc(len: usize) -> *mut u8 {
    if len == 0 {
        return std::ptr::null_mut();
    }
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast::<u8>()
}

/// # Safety
/// `ptr` and `len` come from `aac_alloc` or `aac_call`, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn aac_dealloc(ptr: *mut u8, len: usize) {
    if !ptr.is_null() && len > 0 {
        // SAFETY: a boxed slice of exactly `len` bytes allocated by this module.
        drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) });
    }
}

/// # Safety
/// `ptr` and `len` come from `aac_alloc(len)`; the buffer is consumed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn aac_call(ptr: *mut u8, len: usize) -> u64 {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = info.to_string();
            }
        }))
    });
    let request: Box<[u8]> = if ptr.is_null() || len == 0 {
        Box::default()
    } else {
        // SAFETY: the host wrote `len` bytes into the buffer `aac_alloc(len)` gave it.
        unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) }
    };
    let response = match std::str::from_utf8(&request) {
        Ok(text) => crate::handle(text),
        Err(e) => crate::handle_invalid_utf8(e),
    };
    drop(request);
    leak(response.into_bytes())
}

#[unsafe(no_mangle)]
pub extern "C" fn aac_last_panic() -> u64 {
    match LAST_PANIC.lock() {
        Ok(last) if !last.is_empty() => leak(last.clone().into_bytes()),
        _ => 0,
    }
}
