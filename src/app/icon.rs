//! The app's icon for the window, the taskbar (Windows, Linux) and the dock (macOS), from the
//! same `assets/icon.png` the installers carry; without it eframe shows egui's own icon.

/// The icon as eframe takes it (`ViewportBuilder::with_icon`).
pub fn window_icon() -> eframe::egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png"))
        .expect("assets/icon.png is a PNG")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_square_and_whole() {
        let icon = super::window_icon();
        assert_eq!(icon.width, icon.height);
        assert_eq!(icon.rgba.len(), (icon.width * icon.height * 4) as usize);
    }
}
