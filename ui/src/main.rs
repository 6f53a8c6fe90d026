//! Entry point: mounts the app on `<body>`.

fn main() {
    yew::Renderer::<packdesk_ui::App>::new().render();
}
