// Start the GOV.UK Frontend components on every page. Loaded as a module from
// 'self', so the Content Security Policy needs no nonce for it. The import is
// relative so that it follows STATIC_URL.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
