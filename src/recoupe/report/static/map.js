// The map: Natural Earth borders drawn by Leaflet (no tiles), one circle per place sized
// by the chosen kind's conservative figure, labels placed so that none overlaps another
// (a label that would is hidden; its place keeps its tooltip), click -> the comparison.
(function(){
  function start(){
    var box=document.getElementById('leaflet-map');
    var blob=document.getElementById('recoupe-map');
    if(!box||!blob||typeof L==='undefined'){return;}
    var data=JSON.parse(blob.textContent);
    var map=L.map(box,{zoomSnap:0.25,attributionControl:true,worldCopyJump:false});
    map.attributionControl.setPrefix('');
    map.attributionControl.addAttribution('Natural Earth');
    var borders=L.geoJSON(data.borders,{style:{color:'#6b7785',weight:1,fillColor:'#fbfaf5',
      fillOpacity:1},interactive:false}).addTo(map);
    var layer=L.layerGroup().addTo(map);
    var select=document.getElementById('map-kind');
    var legend=document.getElementById('map-kind-label');
    var marks=[];
    function fit(){
      var pts=data.places.map(function(p){return [p.lat,p.lon];});
      if(pts.length){map.fitBounds(L.latLngBounds(pts).pad(0.25),{maxZoom:7});}
      else{map.fitBounds(borders.getBounds());}
    }
    function draw(kind){
      layer.clearLayers();marks=[];
      var top=0;
      data.places.forEach(function(p){var t=p.tolls[kind];if(t&&t.value>top){top=t.value;}});
      data.places.forEach(function(p){
        var t=p.tolls[kind];
        var v=t?t.value:0;
        var r=t&&top?4+20*Math.sqrt(v/top):3;
        var c=L.circleMarker([p.lat,p.lon],{radius:r,color:t?'#7b241c':'#1f3a5f',weight:1,
          fillColor:t?'#c0392b':'#1f3a5f',fillOpacity:t?0.5:0.8}).addTo(layer);
        var label=p.name+(t?' ('+v.toLocaleString('fr-FR')+')':'');
        // The label is its own marker in the same layer (cleared with the circles), its
        // text set as textContent, never HTML: a place name is untrusted.
        var text=document.createElement('span');text.textContent=label;
        var tag=L.marker([p.lat,p.lon],{interactive:false,keyboard:false,
          icon:L.divIcon({className:'map-label',html:text,iconSize:null,
                          iconAnchor:[-(r+3),9]})}).addTo(layer);
        var tip=document.createElement('span');tip.textContent=label;
        c.bindTooltip(tip,{direction:'top'});  // on hover: also names a place whose label is hidden
        c.on('click',function(){
          var href=t?t.href:p.href;
          if(href){location.href=href;}
        });
        marks.push({tag:tag,value:v,mentions:p.mentions});
      });
      marks.sort(function(a,b){return (b.value-a.value)||(b.mentions-a.mentions);});
      if(legend&&select){legend.textContent=select.options[select.selectedIndex].text;}
      declutter();
    }
    function overlaps(a,b){
      return a.left<b.right&&b.left<a.right&&a.top<b.bottom&&b.top<a.bottom;
    }
    function declutter(){
      var kept=[];
      marks.forEach(function(m){
        var el=m.tag.getElement();
        if(!el){return;}
        el.classList.remove('hidden');
        var r=el.getBoundingClientRect();
        if(kept.some(function(k){return overlaps(r,k);})){el.classList.add('hidden');}
        else{kept.push(r);}
      });
    }
    fit();
    draw(data.kind);
    map.on('zoomend moveend',declutter);
    if(select){select.addEventListener('change',function(){draw(select.value);});}
    window.recoupeMap=map;
  }
  if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',start);}
  else{start();}
})();
