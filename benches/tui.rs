//! TUI benchmarks (release): drawing one frame of a 100,000-item table (target: under 5 ms) and start to first
//! frame on the demo session (target: under 100 ms). Each group carries a reference measured in the same run:
//! the same frame of the 3-item demo table, and sorting 100,000 integers (how fast this machine is today).
//! Run: `cargo bench --bench tui`.

use divan::Bencher;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Terminal;
use serde_json::json;
use txlab::tui::{update, view, Message, Model, Theme};

fn main() {
    divan::main();
}

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

/// The demo plus 100,000 items in MusicCollection (keys spread over 1,000 artists), items grid focused,
/// cursor on row `row`.
fn model_100k(row: usize) -> Model {
    let mut session = txlab::tui::demo::session().expect("demo");
    session.set_history_limit(10).expect("in memory");
    for i in 0..100_000u32 {
        let request = json!({"TableName": "MusicCollection", "Item": {
            "Artist": {"S": format!("Artist {:04}", i % 1000)},
            "SongTitle": {"S": format!("Song {i:06}")},
            "AlbumTitle": {"S": format!("Album {}", i % 97)},
            "Plays": {"N": i.to_string()},
            "Tags": {"SS": ["live", "remastered"]},
            "Credits": {"M": {"Producer": {"S": "Someone"}, "Year": {"N": "1999"}}}
        }});
        session.execute("bench", "PutItem", &request).expect("put");
    }
    let mut model = Model::new(session, Theme::colour(), Rect::new(0, 0, WIDTH, HEIGHT));
    key(&mut model, KeyCode::Enter);
    model.tables.cursor = row;
    update(&mut model, Message::Resize(WIDTH, HEIGHT));
    model
}

fn key(model: &mut Model, code: KeyCode) {
    update(model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal")
}

#[divan::bench_group(sample_count = 200)]
mod frame {
    use super::*;

    /// One frame of the 100,000-item table, the cursor in the middle (the farthest from either end).
    #[divan::bench]
    fn table_100k_middle(bencher: Bencher) {
        let model = model_100k(50_000);
        let mut t = terminal();
        bencher.bench_local(|| t.draw(|f| view(&model, f)).map(|_| ()));
    }

    /// One frame of the 100,000-item table at its start.
    #[divan::bench]
    fn table_100k_top(bencher: Bencher) {
        let model = model_100k(0);
        let mut t = terminal();
        bencher.bench_local(|| t.draw(|f| view(&model, f)).map(|_| ()));
    }

    /// Scrolling: one key (down) and the frame it causes, in the middle of 100,000 items.
    #[divan::bench]
    fn table_100k_scroll_step(bencher: Bencher) {
        let mut model = model_100k(50_000);
        let mut t = terminal();
        let mut down = true;
        bencher.bench_local(|| {
            key(&mut model, if down { KeyCode::Down } else { KeyCode::Up });
            down = !down;
            t.draw(|f| view(&model, f)).map(|_| ())
        });
    }

    /// Reference: the same frame of the 3-item demo table.
    #[divan::bench]
    fn reference_table_3(bencher: Bencher) {
        let mut model = Model::new(
            txlab::tui::demo::session().expect("demo"),
            Theme::colour(),
            Rect::new(0, 0, WIDTH, HEIGHT),
        );
        key(&mut model, KeyCode::Enter);
        let mut t = terminal();
        bencher.bench_local(|| t.draw(|f| view(&model, f)).map(|_| ()));
    }
}

#[divan::bench_group(sample_count = 100)]
mod start {
    use super::*;

    /// Start to first frame on the demo session: build the session (its requests run through
    /// `Session::execute`), the model, and draw the first frame.
    #[divan::bench]
    fn demo_to_first_frame() -> usize {
        let session = txlab::tui::demo::session().expect("demo");
        let model = Model::new(session, Theme::colour(), Rect::new(0, 0, WIDTH, HEIGHT));
        let mut t = terminal();
        t.draw(|f| view(&model, f))
            .map(|f| f.area.width as usize)
            .unwrap_or(0)
    }

    /// Reference: sorting 100,000 pseudo-random integers.
    #[divan::bench]
    fn reference_sort_100k(bencher: Bencher) {
        let data: Vec<u64> = (0..100_000u64)
            .map(|i| i.wrapping_mul(6_364_136_223_846_793_005).rotate_left(17))
            .collect();
        bencher
            .with_inputs(|| data.clone())
            .bench_local_values(|mut v| {
                v.sort_unstable();
                v
            });
    }
}
