/** The tab's title: the page shown, then the app ("penguins.csv — tabmimic"), so tabs and history tell pages apart. */
export const APP_NAME = 'tabmimic';

export function setTitle(page: string | undefined): void {
  document.title = page ? `${page} — ${APP_NAME}` : APP_NAME;
}
