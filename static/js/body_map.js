// The body map of a new concern: a pointer on an outline may choose where the last mark
// is (front or back, the nearest part of the body, and the point itself). Everything can
// be done without it: the lists of each mark say the same.
const picker = document.querySelector('[data-body-map-regions]')

if (picker) {
  const regions = JSON.parse(picker.dataset.bodyMapRegions)
  picker.hidden = false

  const lastMark = () => {
    const marks = document.querySelectorAll('.app-body-map__mark')
    return marks[marks.length - 1]
  }

  const nearest = (side, x, y) => {
    let best = null
    let bestDistance = Infinity
    for (const [key, region] of Object.entries(regions)) {
      const centre = region.centres[side]
      if (!centre) continue
      const distance = (centre[0] - x) ** 2 + ((centre[1] - y) * 2) ** 2
      if (distance < bestDistance) {
        best = key
        bestDistance = distance
      }
    }
    return best
  }

  for (const figure of picker.querySelectorAll('[data-body-map-side]')) {
    const svg = figure.querySelector('svg')
    svg.style.cursor = 'crosshair'
    svg.addEventListener('click', (event) => {
      const mark = lastMark()
      if (!mark) return
      const box = svg.getBoundingClientRect()
      const x = Math.round(((event.clientX - box.left) / box.width) * 100)
      const y = Math.round(((event.clientY - box.top) / box.height) * 100)
      const side = figure.dataset.bodyMapSide
      const set = (suffix, value) => {
        const field = mark.querySelector(`[name$="-${suffix}"]`)
        if (field) field.value = value
      }
      set('side', side)
      set('region', nearest(side, x, y) || '')
      set('x', Math.min(Math.max(x, 0), 100))
      set('y', Math.min(Math.max(y, 0), 100))
      const kind = mark.querySelector('[name$="-kind"]')
      if (kind) kind.focus()
    })
  }
}
