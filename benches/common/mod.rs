//! What the benches share.

/// The allocator the `faktabot` binary uses, so that the figures are the
/// binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A message of ~300 made-up words (fixed seed): the worst message.
pub fn worst() -> String {
    let mut x: u64 = 7;
    let mut words = Vec::new();
    for _ in 0..300 {
        let mut w = String::new();
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        for _ in 0..(5 + (x >> 60) as usize) {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            w.push(char::from(b'a' + ((x >> 33) % 26) as u8));
        }
        words.push(w);
    }
    words.join(" ")
}
