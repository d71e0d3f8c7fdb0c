import type { MetadataRoute } from "next";

// Served at /manifest.webmanifest, without sign-in (proxy.ts lets .webmanifest, .svg and .png through): installing
// Hindsight to a phone's home screen gives it its name and icon.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Hindsight",
    short_name: "Hindsight",
    description: "Incident postmortems: write, review, sign off, and follow through.",
    start_url: "/incidents",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#372aac",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/apple-icon.png", sizes: "180x180", type: "image/png" },
    ],
  };
}
